import type { Express } from 'express';
import type { Store } from 'express-session';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { useTestDatabase, type TestDatabase } from './database.js';
import { postgresSessionStore } from '../http/session.js';
import { createLogger, type Logger } from '../http/logger.js';
import type { RateLimitStoreFactory } from '../http/rate-limit/stores.js';
import { createCloudflareSimulator, type CloudflareSimulator } from '../integrations/dns/simulator.js';
import { createMailgunSimulator, type MailgunSimulator } from '../integrations/email/simulator.js';
import { createPesapalSimulator, type PesapalSimulator } from '../integrations/pesapal/simulator.js';
import { startSimulatorServer, type SimulatorServer } from '../integrations/simulator-server.js';
import { createSmsSimulator, type SmsSimulator } from '../integrations/sms/simulator.js';
import { deliverDueNotifications } from '../modules/notifications/outbox.js';
import { createServices, type Services } from '../services.js';
import { buildTestApp, testConfig } from './app.js';
import { standIn } from './stand-in.js';

/**
 * A browser reaching the app through the TLS-terminating proxy: X-Forwarded-Proto says https, and the
 * cookie jar hands back Secure cookies although the loopback hop is plain HTTP (superagent's jar would
 * otherwise withhold them, and no signed-in request would carry its session).
 */
function httpsAgent(app: Express): TestAgent {
  const agent = request.agent(app).set('X-Forwarded-Proto', 'https');
  const internals = agent as unknown as {
    jar: { getCookies(access: object): { toValueString(): string } };
    _attachCookies(request: { url: string; cookies: string }): void;
  };
  internals._attachCookies = (outgoing) => {
    const url = new URL(outgoing.url);
    outgoing.cookies = internals.jar
      .getCookies({ domain: url.hostname, path: url.pathname, secure: true, script: false })
      .toValueString();
  };
  return agent;
}

export const TEST_PROVIDER_KEY = 'test-provider-key-0123456789abcdef';
export const TEST_SIGNING_KEY = 'test-mailgun-signing-key-0123456789';
export const TEST_CALLBACK_TOKEN = 'test-sms-callback-token-0123456789';
export const TEST_CLOUDFLARE_TOKEN = 'test-cloudflare-token-0123456789abcdef';
export const TEST_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
export const TEST_PESAPAL_KEY = 'test-pesapal-consumer-key-0123456789';
export const TEST_PESAPAL_SECRET = 'test-pesapal-consumer-secret-0123456789';

export interface IdentityHarness {
  app: Express;
  sms: SmsSimulator;
  mail: MailgunSimulator;
  /** The Cloudflare simulator the app's DNS client talks to. */
  dns: CloudflareSimulator;
  /** The PesaPal simulator the app's client talks to; its IPNs go to the URL the app registers. */
  pesapal: PesapalSimulator;
  services: Services;
  logger: Logger;
  /** One delivery pass of the outbox, as the job would run it. */
  deliver(): Promise<{ sent: number; failed: number }>;
  /** A cookie-keeping client that arrives over HTTPS through the (loopback) proxy, like production. */
  agent(): TestAgent;
  /** The newest code the simulator delivered to a phone. */
  lastCode(phone: string): string;
  close(): Promise<void>;
}

export interface IdentityHarnessOptions {
  env?: Record<string, string>;
  smsProvider?: 'vintex' | 'africastalking';
  logger?: Logger;
  rateLimitStores?: RateLimitStoreFactory;
  /** Defaults to the PostgreSQL store (connect-pg-simple). */
  sessionStore?: Store;
}

/**
 * The real app wired to real SMS and Mailgun clients, which talk HTTP to simulators on loopback.
 */
export async function startIdentityHarness(
  database: TestDatabase,
  options: IdentityHarnessOptions = {},
): Promise<IdentityHarness> {
  const provider = options.smsProvider ?? 'vintex';
  const sms = createSmsSimulator({ apiKey: TEST_PROVIDER_KEY, atUsername: 'tafuta', dlrDelayMs: 0 });
  const mail = createMailgunSimulator({
    apiKey: TEST_PROVIDER_KEY,
    signingKey: TEST_SIGNING_KEY,
    eventDelayMs: 0,
  });
  const dns = createCloudflareSimulator({ apiToken: TEST_CLOUDFLARE_TOKEN, zoneId: TEST_ZONE_ID });
  const pesapal = createPesapalSimulator({
    consumerKey: TEST_PESAPAL_KEY,
    consumerSecret: TEST_PESAPAL_SECRET,
  });
  const servers: SimulatorServer[] = [
    await startSimulatorServer(sms.router),
    await startSimulatorServer(mail.router),
    await startSimulatorServer(dns.router),
    await startSimulatorServer(pesapal.router),
  ];
  const env: Record<string, string> = {
    SMS_PROVIDER: provider,
    ...(provider === 'vintex'
      ? { VINTEX_BASE_URL: servers[0]!.url, VINTEX_API_KEY: TEST_PROVIDER_KEY }
      : { AT_BASE_URL: servers[0]!.url, AT_API_KEY: TEST_PROVIDER_KEY, AT_USERNAME: 'tafuta' }),
    MAILGUN_BASE_URL: servers[1]!.url,
    MAILGUN_API_KEY: TEST_PROVIDER_KEY,
    MAILGUN_WEBHOOK_SIGNING_KEY: TEST_SIGNING_KEY,
    SMS_CALLBACK_TOKEN: TEST_CALLBACK_TOKEN,
    CLOUDFLARE_BASE_URL: servers[2]!.url,
    CLOUDFLARE_API_TOKEN: TEST_CLOUDFLARE_TOKEN,
    CLOUDFLARE_ZONE_ID: TEST_ZONE_ID,
    PESAPAL_BASE_URL: servers[3]!.url,
    PESAPAL_CONSUMER_KEY: TEST_PESAPAL_KEY,
    PESAPAL_CONSUMER_SECRET: TEST_PESAPAL_SECRET,
    ...options.env,
  };
  const logger = options.logger ?? createLogger({ level: 'error', console: false });
  const config = testConfig(env);
  const services = createServices({ config, db: database.db, logger, version: '0.0.0-test' });
  const app = buildTestApp(database.db, {
    env,
    logger,
    services: { ...services, simulators: { sms, mail, dns, pesapal } },
    sessionStore: options.sessionStore ?? postgresSessionStore(database.pool, () => undefined),
    ...(options.rateLimitStores ? { rateLimitStores: options.rateLimitStores } : {}),
  });
  return {
    app,
    sms,
    mail,
    dns,
    pesapal,
    services,
    logger,
    deliver: () =>
      deliverDueNotifications({ db: database.db, logger, sms: services.sms, email: services.email }),
    agent: () => httpsAgent(app),
    lastCode(phone) {
      const message = sms.messages({ to: phone })[0];
      const code = message?.text.match(/#(\d{6})\s*$/)?.[1];
      if (!code) throw new Error(`No code was sent to ${phone}`);
      return code;
    },
    async close() {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/**
 * Registers the file's test database (unless one is given, to share it) and one harness on it, started in
 * beforeAll and closed in afterAll. The returned harness stands in for the started one (usable only inside
 * tests and later hooks), so a file writes `harness.…` as with its own.
 */
export function useIdentityHarness(
  options: IdentityHarnessOptions = {},
  database: { readonly current: TestDatabase } = useTestDatabase(),
): { database: { readonly current: TestDatabase }; harness: IdentityHarness } {
  let started: IdentityHarness | undefined;
  beforeAll(async () => {
    started = await startIdentityHarness(database.current, options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = () => {
    if (!started) throw new Error('The identity harness is only available inside tests');
    return started;
  };
  return { database, harness: standIn(current) };
}
