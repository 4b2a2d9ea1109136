import path from 'node:path';
import { z } from 'zod';
import { resolveProviders, SIMULATOR_MOUNT_PATH, type Providers } from './config-providers.js';

/**
 * The only reader of process.env. Every variable the server reads is declared here, validated once at
 * boot, and exposed as a typed object; `.env.example` documents each one.
 */

/** Secrets shipped for the embedded default only; production refuses them (SEC-08). */
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

const SECRET_MIN_BYTES = 32;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  APP_URL: optionalUrl,
  TRUST_PROXY: z.string().trim().default('loopback'),

  DATABASE_URL: optionalUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  DATA_DIR: z.string().trim().min(1).default('data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SEED_DEMO_DATA: booleanFlag.optional(),
  DEMO_ADMIN_PASSWORD: optionalString,

  REDIS_URL: optionalUrl,

  SESSION_SECRET: optionalString,
  SESSION_SECRET_PREVIOUS: optionalString,
  JWT_SECRET: optionalString,
  JWT_SECRET_PREVIOUS: optionalString,
  JWT_EXPIRY: z.string().trim().default('60m'),
  OTP_SECRET: optionalString,
  OTP_TEST_CODE: optionalString.pipe(
    z
      .string()
      .regex(/^\d{6}$/, 'must be 6 digits')
      .optional(),
  ),
  LINK_SIGNING_SECRET: optionalString,
  LINK_SIGNING_SECRET_PREVIOUS: optionalString,
  PHONE_TEST_PREFIXES: commaList,
  CORS_ALLOWED_ORIGINS: commaList,

  RATE_LIMIT_WINDOW: z.coerce.number().int().min(1000).default(60_000),
  RATE_LIMIT_MAX_REQUESTS: z.coerce.number().int().min(1).default(100),

  UPLOAD_PATH: optionalString,
  MEDIA_PATH: optionalString,
  MEDIA_BASE_URL: optionalUrl,
  MAX_FILE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 * 1024),
  WEB_DIST_PATH: optionalString,
  LOG_DIR: optionalString,
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).optional(),
  SITE_APEX_DOMAIN: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]+$/)
    .default('tafuta.ke'),

  PESAPAL_ENV: z.enum(['sandbox', 'live']).default('live'),
  PESAPAL_BASE_URL: optionalUrl,
  PESAPAL_CONSUMER_KEY: optionalString,
  PESAPAL_CONSUMER_SECRET: optionalString,
  PESAPAL_CALLBACK_URL: optionalUrl,
  PESAPAL_IPN_URL: optionalUrl,
  PESAPAL_IPN_ID: optionalString,

  SMS_PROVIDER: z.enum(['vintex', 'africastalking', 'simulator']).optional(),
  VINTEX_API_KEY: optionalString,
  VINTEX_SENDER_ID: z.string().trim().default('TAFUTA'),
  VINTEX_BASE_URL: optionalUrl,
  AT_USERNAME: optionalString,
  AT_API_KEY: optionalString,
  AT_SENDER_ID: z.string().trim().default('TAFUTA'),
  AT_BASE_URL: optionalUrl,
  SMS_CALLBACK_TOKEN: optionalString,

  MAILGUN_API_KEY: optionalString,
  MAILGUN_DOMAIN: z.string().trim().default('mg.tafuta.ke'),
  MAILGUN_BASE_URL: optionalUrl,
  MAILGUN_WEBHOOK_SIGNING_KEY: optionalString,
  MAIL_FROM: z.string().trim().default('Tafuta <no-reply@mg.tafuta.ke>'),

  CLOUDFLARE_API_TOKEN: optionalString,
  CLOUDFLARE_ZONE_ID: optionalString,
  CLOUDFLARE_BASE_URL: optionalUrl,
  SIMULATOR_URL: optionalUrl,

  METRICS_TOKEN: optionalString,
  ALERT_EMAILS: commaList.pipe(z.array(z.email('must be a comma-separated list of email addresses'))),
  HEALTH_URL: optionalUrl,
});

type Env = z.infer<typeof envSchema>;

/** Every variable the server reads; `.env.example` must document exactly these (a test checks). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  /** MEDIA_BASE_URL: public base of business media URLs (MEDIA-223); default APP_URL + /media. */
  mediaBaseUrl: string;
  trustProxy: string;
  database: {
    /** Unset means: start the embedded PostgreSQL from `dataDir/postgres`. */
    url: string | undefined;
    poolMax: number;
    connectTimeoutMs: number;
    embeddedPort: number;
  };
  dataDir: string;
  seedDemoData: boolean;
  /** The demo super admin's password (embedded default only; production refuses demo data). */
  demoAdminPassword: string;
  redisUrl: string | undefined;
  secrets: {
    session: string[];
    jwt: string[];
    jwtExpiry: string;
    otp: string;
    linkSigning: string[];
    smsCallbackToken: string;
    mailgunSigningKey: string;
  };
  otpTestCode: string | undefined;
  phoneTestPrefixes: string[];
  cors: { apexDomain: string; extraOrigins: string[] };
  rateLimit: { windowMs: number; max: number };
  paths: { uploads: string; media: string; webDist: string; logs: string };
  maxProfilePhotoBytes: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  monitoring: {
    /** Bearer token that opens /metrics to a non-loopback scraper; loopback needs none. */
    metricsToken: string | undefined;
    /** Always alerted (with the active super admins), and the only recipients when the database is down. */
    alertEmails: string[];
    /** What the health-check cron calls (ops/health-watch.ts). */
    healthUrl: string;
  };
  /** Resolved endpoint of each outside service: the real provider, or its simulator outside production. */
  providers: Providers;
  /** Things worth a warning at start-up (simulators standing in for providers). */
  warnings: string[];
  integrations: Pick<
    Env,
    | 'PESAPAL_ENV'
    | 'PESAPAL_BASE_URL'
    | 'PESAPAL_CONSUMER_KEY'
    | 'PESAPAL_CONSUMER_SECRET'
    | 'PESAPAL_CALLBACK_URL'
    | 'PESAPAL_IPN_URL'
    | 'PESAPAL_IPN_ID'
    | 'SMS_PROVIDER'
    | 'VINTEX_API_KEY'
    | 'VINTEX_SENDER_ID'
    | 'VINTEX_BASE_URL'
    | 'AT_USERNAME'
    | 'AT_API_KEY'
    | 'AT_SENDER_ID'
    | 'AT_BASE_URL'
    | 'SMS_CALLBACK_TOKEN'
    | 'MAILGUN_API_KEY'
    | 'MAILGUN_DOMAIN'
    | 'MAILGUN_BASE_URL'
    | 'MAILGUN_WEBHOOK_SIGNING_KEY'
    | 'MAIL_FROM'
    | 'CLOUDFLARE_API_TOKEN'
    | 'CLOUDFLARE_ZONE_ID'
    | 'CLOUDFLARE_BASE_URL'
  >;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A secret is weak when it is short, the shipped development value, or one repeated character. */
export function secretWeakness(value: string | undefined): string | undefined {
  if (value === undefined) return 'is missing';
  if (Buffer.byteLength(value, 'utf8') < SECRET_MIN_BYTES) return `is shorter than ${SECRET_MIN_BYTES} bytes`;
  if (value === DEVELOPMENT_SECRET) return 'is the development default';
  if (new Set(value).size < 8) return 'has too little variety to be random';
  return undefined;
}

function isLoopbackOrPlainHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    protocol !== 'https:' ||
    hostname === 'localhost' ||
    hostname === '::1' ||
    hostname === '[::1]' ||
    hostname.startsWith('127.')
  );
}

/** SEC-08 and INT-003: production starts only with strong secrets, real providers and no test switches. */
function productionProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const name of ['SESSION_SECRET', 'JWT_SECRET', 'OTP_SECRET', 'LINK_SIGNING_SECRET'] as const) {
    const weakness = secretWeakness(env[name]);
    if (weakness) problems.push(`${name} ${weakness}`);
  }
  if (!env.DATABASE_URL)
    problems.push('DATABASE_URL is missing (the embedded database is for development only)');
  if (!env.APP_URL) problems.push('APP_URL is missing');
  if (env.OTP_TEST_CODE) problems.push('OTP_TEST_CODE must not be set in production');
  if (env.PHONE_TEST_PREFIXES.length > 0) problems.push('PHONE_TEST_PREFIXES must not be set in production');
  if (env.PESAPAL_ENV !== 'live') problems.push('PESAPAL_ENV must be "live" in production');
  if (env.SEED_DEMO_DATA) problems.push('SEED_DEMO_DATA must not be set in production (demo accounts)');
  if (env.DEMO_ADMIN_PASSWORD) problems.push('DEMO_ADMIN_PASSWORD must not be set in production');
  // INT-010: ours, so held to the secret rules; Mailgun's signing key is whatever Mailgun issued.
  const callbackWeakness = env.SMS_CALLBACK_TOKEN ? secretWeakness(env.SMS_CALLBACK_TOKEN) : undefined;
  if (callbackWeakness) problems.push(`SMS_CALLBACK_TOKEN ${callbackWeakness}`);
  // Optional (loopback scrapers need none), but when set it guards /metrics like any other secret.
  const metricsWeakness = env.METRICS_TOKEN ? secretWeakness(env.METRICS_TOKEN) : undefined;
  if (metricsWeakness) problems.push(`METRICS_TOKEN ${metricsWeakness}`);

  const required: (keyof Env)[] = [
    'PESAPAL_CONSUMER_KEY',
    'PESAPAL_CONSUMER_SECRET',
    'PESAPAL_CALLBACK_URL',
    'PESAPAL_IPN_URL',
    'SMS_CALLBACK_TOKEN',
    'MAILGUN_API_KEY',
    'MAILGUN_WEBHOOK_SIGNING_KEY',
    'CLOUDFLARE_API_TOKEN',
    'CLOUDFLARE_ZONE_ID',
  ];
  const provider = env.SMS_PROVIDER ?? 'vintex';
  if (provider === 'simulator') problems.push('SMS_PROVIDER must not be "simulator" in production');
  if (provider === 'vintex') required.push('VINTEX_API_KEY', 'VINTEX_BASE_URL');
  if (provider === 'africastalking') required.push('AT_USERNAME', 'AT_API_KEY');
  for (const name of required) {
    if (!env[name]) problems.push(`${name} is missing`);
  }

  const baseUrls = [
    'PESAPAL_BASE_URL',
    'VINTEX_BASE_URL',
    'AT_BASE_URL',
    'MAILGUN_BASE_URL',
    'CLOUDFLARE_BASE_URL',
    'SIMULATOR_URL',
  ] as const;
  for (const name of baseUrls) {
    const url = env[name];
    if (url && isLoopbackOrPlainHttp(url)) {
      problems.push(`${name} points to a simulator or a non-HTTPS host (${url})`);
    }
  }
  return problems;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty value (`KEY=` in .env) means "not set", so defaults apply.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(zodProblems(parsed.error));
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction) {
    const problems = productionProblems(env);
    if (problems.length > 0) throw new ConfigError(problems);
  }

  const dataDir = path.resolve(cwd, env.DATA_DIR);
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const fallbackSecret = (value: string | undefined) => value ?? DEVELOPMENT_SECRET;
  const withPrevious = (current: string | undefined, previous: string | undefined) =>
    previous ? [fallbackSecret(current), previous] : [fallbackSecret(current)];

  const { providers, warnings } = resolveProviders({
    ...env,
    isProduction,
    simulatorUrl: env.SIMULATOR_URL ?? `http://127.0.0.1:${env.PORT}${SIMULATOR_MOUNT_PATH}`,
  });

  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    appUrl,
    mediaBaseUrl: (env.MEDIA_BASE_URL ?? `${appUrl}/media`).replace(/\/+$/, ''),
    trustProxy: env.TRUST_PROXY,
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      embeddedPort: env.EMBEDDED_PG_PORT,
    },
    dataDir,
    seedDemoData: !isProduction && (env.SEED_DEMO_DATA ?? env.DATABASE_URL === undefined),
    demoAdminPassword: env.DEMO_ADMIN_PASSWORD ?? 'tafuta-demo-admin',
    redisUrl: env.REDIS_URL,
    secrets: {
      session: withPrevious(env.SESSION_SECRET, env.SESSION_SECRET_PREVIOUS),
      jwt: withPrevious(env.JWT_SECRET, env.JWT_SECRET_PREVIOUS),
      jwtExpiry: env.JWT_EXPIRY,
      otp: fallbackSecret(env.OTP_SECRET),
      linkSigning: withPrevious(env.LINK_SIGNING_SECRET, env.LINK_SIGNING_SECRET_PREVIOUS),
      smsCallbackToken: fallbackSecret(env.SMS_CALLBACK_TOKEN),
      mailgunSigningKey: fallbackSecret(env.MAILGUN_WEBHOOK_SIGNING_KEY),
    },
    otpTestCode: env.OTP_TEST_CODE,
    phoneTestPrefixes: env.PHONE_TEST_PREFIXES,
    cors: { apexDomain: env.SITE_APEX_DOMAIN, extraOrigins: env.CORS_ALLOWED_ORIGINS },
    rateLimit: { windowMs: env.RATE_LIMIT_WINDOW, max: env.RATE_LIMIT_MAX_REQUESTS },
    paths: {
      uploads: path.resolve(cwd, env.UPLOAD_PATH ?? path.join(env.DATA_DIR, 'uploads')),
      media: path.resolve(
        cwd,
        env.MEDIA_PATH ?? (isProduction ? '/var/www/media' : path.join(env.DATA_DIR, 'media')),
      ),
      webDist: path.resolve(cwd, env.WEB_DIST_PATH ?? 'apps/web/dist'),
      logs: path.resolve(cwd, env.LOG_DIR ?? path.join(env.DATA_DIR, 'logs')),
    },
    maxProfilePhotoBytes: env.MAX_FILE_SIZE,
    monitoring: {
      metricsToken: env.METRICS_TOKEN,
      alertEmails: env.ALERT_EMAILS.map((address) => address.toLowerCase()),
      healthUrl: env.HEALTH_URL ?? `http://127.0.0.1:${env.PORT}/api/health`,
    },
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'development' ? 'debug' : 'info'),
    providers,
    warnings,
    integrations: {
      PESAPAL_ENV: env.PESAPAL_ENV,
      PESAPAL_BASE_URL: env.PESAPAL_BASE_URL,
      PESAPAL_CONSUMER_KEY: env.PESAPAL_CONSUMER_KEY,
      PESAPAL_CONSUMER_SECRET: env.PESAPAL_CONSUMER_SECRET,
      PESAPAL_CALLBACK_URL: env.PESAPAL_CALLBACK_URL,
      PESAPAL_IPN_URL: env.PESAPAL_IPN_URL,
      PESAPAL_IPN_ID: env.PESAPAL_IPN_ID,
      SMS_PROVIDER: env.SMS_PROVIDER,
      VINTEX_API_KEY: env.VINTEX_API_KEY,
      VINTEX_SENDER_ID: env.VINTEX_SENDER_ID,
      VINTEX_BASE_URL: env.VINTEX_BASE_URL,
      AT_USERNAME: env.AT_USERNAME,
      AT_API_KEY: env.AT_API_KEY,
      AT_SENDER_ID: env.AT_SENDER_ID,
      AT_BASE_URL: env.AT_BASE_URL,
      SMS_CALLBACK_TOKEN: env.SMS_CALLBACK_TOKEN,
      MAILGUN_API_KEY: env.MAILGUN_API_KEY,
      MAILGUN_DOMAIN: env.MAILGUN_DOMAIN,
      MAILGUN_BASE_URL: env.MAILGUN_BASE_URL,
      MAILGUN_WEBHOOK_SIGNING_KEY: env.MAILGUN_WEBHOOK_SIGNING_KEY,
      MAIL_FROM: env.MAIL_FROM,
      CLOUDFLARE_API_TOKEN: env.CLOUDFLARE_API_TOKEN,
      CLOUDFLARE_ZONE_ID: env.CLOUDFLARE_ZONE_ID,
      CLOUDFLARE_BASE_URL: env.CLOUDFLARE_BASE_URL,
    },
  };
}
