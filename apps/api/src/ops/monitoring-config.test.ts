import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { productionEnv, strong } from '../test/production-env.js';

/** METRICS_TOKEN, ALERT_EMAILS and HEALTH_URL as config.ts reads them. */

function problemsOf(env: NodeJS.ProcessEnv): string[] {
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
    expect(problemsOf(productionEnv({}))).toEqual([]);
    expect(problemsOf(productionEnv({ METRICS_TOKEN: strong('metrics') }))).toEqual([]);
    expect(problemsOf(productionEnv({ METRICS_TOKEN: 'short' }))).toEqual([
      'METRICS_TOKEN is shorter than 32 bytes',
    ]);
  });
});
