import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, DEVELOPMENT_SECRET, loadConfig, secretWeakness } from './config.js';
import { productionEnv, strong } from './test/production-env.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts the embedded default with nothing set', () => {
    const config = loadConfig({}, '/srv/tafuta');
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.poolMax).toBe(20);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.paths.media).toBe('/srv/tafuta/data/media');
    expect(config.seedDemoData).toBe(true);
    expect(config.secrets.session).toEqual([DEVELOPMENT_SECRET]);
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig(productionEnv());
    expect(config.isProduction).toBe(true);
    expect(config.seedDemoData).toBe(false);
    expect(config.paths.media).toBe('/var/www/media');
  });

  it.each(['SESSION_SECRET', 'JWT_SECRET', 'OTP_SECRET', 'LINK_SIGNING_SECRET'])(
    'refuses production without %s (SEC-08)',
    (name) => {
      expect(problemsOf(productionEnv({ [name]: undefined }))).toContain(`${name} is missing`);
    },
  );

  it('refuses a short, a development-default or a repetitive secret in production', () => {
    expect(problemsOf(productionEnv({ JWT_SECRET: 'short-secret' }))).toContain(
      'JWT_SECRET is shorter than 32 bytes',
    );
    expect(problemsOf(productionEnv({ OTP_SECRET: DEVELOPMENT_SECRET }))).toContain(
      'OTP_SECRET is the development default',
    );
    expect(problemsOf(productionEnv({ SESSION_SECRET: 'a'.repeat(40) }))).toContain(
      'SESSION_SECRET has too little variety to be random',
    );
  });

  it('refuses test switches and simulators in production (SEC-08, INT-003)', () => {
    const problems = problemsOf(
      productionEnv({
        OTP_TEST_CODE: '123456',
        PHONE_TEST_PREFIXES: '+1',
        PESAPAL_BASE_URL: 'http://127.0.0.1:4010/pesapal',
        PESAPAL_ENV: 'sandbox',
        SMS_PROVIDER: 'simulator',
        DATABASE_URL: undefined,
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'OTP_TEST_CODE must not be set in production',
        'PHONE_TEST_PREFIXES must not be set in production',
        'PESAPAL_BASE_URL points to a simulator or a non-HTTPS host (http://127.0.0.1:4010/pesapal)',
        'PESAPAL_ENV must be "live" in production',
        'SMS_PROVIDER must not be "simulator" in production',
        'DATABASE_URL is missing (the embedded database is for development only)',
      ]),
    );
  });

  it('names every missing provider credential in production', () => {
    const problems = problemsOf(productionEnv({ MAILGUN_API_KEY: '', CLOUDFLARE_ZONE_ID: undefined }));
    expect(problems).toEqual(['MAILGUN_API_KEY is missing', 'CLOUDFLARE_ZONE_ID is missing']);
  });

  it('names the variable when a value has the wrong shape', () => {
    expect(problemsOf({ PORT: 'eighty' })[0]).toMatch(/^PORT /);
    expect(problemsOf({ DATABASE_URL: 'not a url' })[0]).toMatch(/^DATABASE_URL /);
    expect(problemsOf({ OTP_TEST_CODE: '12ab' })[0]).toMatch(/^OTP_TEST_CODE must be 6 digits/);
  });

  it('keeps the previous secret for rotation and splits comma lists', () => {
    const config = loadConfig({
      SESSION_SECRET: strong('new'),
      SESSION_SECRET_PREVIOUS: strong('old'),
      CORS_ALLOWED_ORIGINS: 'https://staging.tafuta.ke, https://qa.tafuta.ke',
    });
    expect(config.secrets.session).toEqual([strong('new'), strong('old')]);
    expect(config.cors.extraOrigins).toEqual(['https://staging.tafuta.ke', 'https://qa.tafuta.ke']);
  });
});

describe('secretWeakness', () => {
  it('accepts a long random secret', () => {
    expect(secretWeakness(strong('x'))).toBeUndefined();
  });

  it('measures bytes, not characters', () => {
    expect(secretWeakness('ñ'.repeat(15) + 'abcdefgh')).toBeUndefined();
  });
});

describe('.env.example', () => {
  const file = fs.readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const entries = file
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });

  it('documents exactly the variables the server reads', () => {
    expect(entries.map(([key]) => key).sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('is a valid development configuration as shipped', () => {
    const config = loadConfig(Object.fromEntries(entries));
    expect(config.database.url).toBeUndefined();
    expect(config.rateLimit).toEqual({ windowMs: 60_000, max: 100 });
  });
});
