import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

/** METRICS_TOKEN, ALERT_EMAILS and HEALTH_URL as config.ts reads them. */

const strong = (seed: string) => `${seed}-9f8e7d6c5b4a39281706f5e4d3c2b1a0-Zq`;

const production = (overrides: Record<string, string>) => ({
  NODE_ENV: 'production',
  APP_URL: 'https://tafuta.ke',
  DATABASE_URL: 'postgres://tafuta@127.0.0.1:5432/tafuta',
  SESSION_SECRET: strong('session'),
  JWT_SECRET: strong('jwt'),
  OTP_SECRET: strong('otp'),
  LINK_SIGNING_SECRET: strong('link'),
  PESAPAL_CONSUMER_KEY: 'key',
  PESAPAL_CONSUMER_SECRET: 'secret',
  PESAPAL_CALLBACK_URL: 'https://tafuta.ke/config/payments/return',
  PESAPAL_IPN_URL: 'https://tafuta.ke/api/payments/webhook',
  SMS_CALLBACK_TOKEN: strong('sms'),
  VINTEX_API_KEY: 'vintex-key',
  VINTEX_BASE_URL: 'https://api.vintex.example/v1',
  MAILGUN_API_KEY: 'mailgun-key',
  MAILGUN_WEBHOOK_SIGNING_KEY: 'mailgun-signing',
  CLOUDFLARE_API_TOKEN: 'cf-token',
  CLOUDFLARE_ZONE_ID: '0123456789abcdef0123456789abcdef',
  ...overrides,
});

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('monitoring configuration', () => {
  it('defaults to no token, no extra recipients, and the local health endpoint on PORT', () => {
    expect(loadConfig({ PORT: '3100' }).monitoring).toEqual({
      metricsToken: undefined,
      alertEmails: [],
      healthUrl: 'http://127.0.0.1:3100/api/health',
    });
  });

  it('reads a comma-separated ALERT_EMAILS, and refuses an entry that is not an address', () => {
    const config = loadConfig({
      ALERT_EMAILS: ' Ops@Tafuta.ke, oncall@example.com ,',
      HEALTH_URL: 'https://tafuta.ke/api/health',
      METRICS_TOKEN: 'x',
    });
    expect(config.monitoring).toEqual({
      metricsToken: 'x',
      alertEmails: ['ops@tafuta.ke', 'oncall@example.com'],
      healthUrl: 'https://tafuta.ke/api/health',
    });
    expect(problemsOf({ ALERT_EMAILS: 'ops@tafuta.ke, not-an-address' })).toEqual([
      'ALERT_EMAILS.1 must be a comma-separated list of email addresses',
    ]);
  });

  it('holds METRICS_TOKEN to the secret rules in production, when it is set', () => {
    expect(problemsOf(production({}))).toEqual([]);
    expect(problemsOf(production({ METRICS_TOKEN: strong('metrics') }))).toEqual([]);
    expect(problemsOf(production({ METRICS_TOKEN: 'short' }))).toEqual([
      'METRICS_TOKEN is shorter than 32 bytes',
    ]);
  });
});
