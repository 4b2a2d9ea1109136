/** A secret strong enough for the production checks (SEC-08), distinct per name. */
export const strong = (seed: string) => `${seed}-9f8e7d6c5b4a39281706f5e4d3c2b1a0-Zq`;

/** A complete production environment; each test breaks or adds one thing. */
export function productionEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
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
  };
}
