import { describe, expect, it } from 'vitest';
import { PROVIDER_DEFAULTS, resolveProviders } from './config-providers.js';

const simulatorUrl = 'http://127.0.0.1:3000/__simulators';

describe('resolveProviders (INT-002, INT-003)', () => {
  it('puts every provider on its simulator outside production when no credentials are set, with a warning', () => {
    const { providers, warnings } = resolveProviders({
      isProduction: false,
      simulatorUrl,
      PESAPAL_ENV: 'live',
    });
    expect(providers).toEqual({
      pesapal: { baseUrl: `${simulatorUrl}/pesapal`, simulated: true },
      sms: { baseUrl: `${simulatorUrl}/sms`, simulated: true, provider: 'simulator' },
      mailgun: { baseUrl: `${simulatorUrl}/mailgun`, simulated: true },
      cloudflare: { baseUrl: `${simulatorUrl}/cloudflare`, simulated: true },
    });
    expect(warnings).toHaveLength(4);
  });

  it('uses the real providers in production, PesaPal chosen by PESAPAL_ENV', () => {
    const { providers, warnings } = resolveProviders({
      isProduction: true,
      simulatorUrl,
      PESAPAL_ENV: 'live',
      VINTEX_BASE_URL: 'https://api.vintex.example/v1',
    });
    expect(providers.pesapal).toEqual({ baseUrl: PROVIDER_DEFAULTS.pesapal.live, simulated: false });
    expect(providers.sms).toEqual({
      baseUrl: 'https://api.vintex.example/v1',
      simulated: false,
      provider: 'vintex',
    });
    expect(providers.mailgun.baseUrl).toBe('https://api.mailgun.net');
    expect(providers.cloudflare.baseUrl).toBe('https://api.cloudflare.com/client/v4');
    expect(warnings).toEqual([]);
  });

  it('talks to a sandbox when credentials are given in development', () => {
    const { providers } = resolveProviders({
      isProduction: false,
      simulatorUrl,
      PESAPAL_ENV: 'sandbox',
      PESAPAL_CONSUMER_KEY: 'key',
      PESAPAL_CONSUMER_SECRET: 'secret',
      AT_API_KEY: 'at-key',
    });
    expect(providers.pesapal).toEqual({ baseUrl: PROVIDER_DEFAULTS.pesapal.sandbox, simulated: false });
    expect(providers.sms).toMatchObject({
      provider: 'africastalking',
      baseUrl: PROVIDER_DEFAULTS.africastalking,
    });
  });

  it('honours an explicit base URL and recognises a simulator behind it (tests point clients at one)', () => {
    const { providers } = resolveProviders({
      isProduction: false,
      simulatorUrl,
      PESAPAL_ENV: 'live',
      MAILGUN_BASE_URL: `${simulatorUrl}/mailgun`,
      CLOUDFLARE_BASE_URL: 'http://127.0.0.1:4400',
      CLOUDFLARE_API_TOKEN: 'token',
    });
    expect(providers.mailgun).toEqual({ baseUrl: `${simulatorUrl}/mailgun`, simulated: true });
    expect(providers.cloudflare).toEqual({ baseUrl: 'http://127.0.0.1:4400', simulated: false });
  });
});
