import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import type { Logger } from './http/logger.js';
import { createMailgunClient } from './integrations/email/mailgun.js';
import type { EmailProvider } from './integrations/email/provider.js';
import { createMailgunSimulator, type MailgunSimulator } from './integrations/email/simulator.js';
import { createSmsProvider } from './integrations/sms/index.js';
import type { SmsProvider } from './integrations/sms/provider.js';
import { createSmsSimulator, type SmsSimulator } from './integrations/sms/simulator.js';
import { createDirectoryEvents, type DirectoryEvents } from './modules/directory-deps.js';
import { createNotifier, type Notifier } from './modules/notifications/notifier.js';

/** Credentials the built-in simulators expect, so the real clients authenticate against them as usual. */
const SIMULATOR_API_KEY = 'simulator-api-key';

export interface Services {
  sms: SmsProvider;
  email: EmailProvider;
  notifier: Notifier;
  directoryEvents: DirectoryEvents;
  /** Set when a simulator stands in for a provider (never in production). */
  simulators: { sms: SmsSimulator; mail: MailgunSimulator } | undefined;
}

/**
 * The outside-service clients, each pointed at its provider or, outside production without
 * credentials, at the simulator served by this same process (INT-002).
 */
export function createServices(input: {
  config: Config;
  db: Kysely<Database>;
  logger: Logger;
  version: string;
  onQueued?: () => void;
}): Services {
  const { config, logger } = input;
  const { providers, integrations } = config;
  const api = `${config.appUrl}/api`;
  const simulated = !config.isProduction && (providers.sms.simulated || providers.mailgun.simulated);
  const simulators = simulated
    ? {
        sms: createSmsSimulator({ apiKey: SIMULATOR_API_KEY, logger }),
        mail: createMailgunSimulator({
          apiKey: SIMULATOR_API_KEY,
          signingKey: config.secrets.mailgunSigningKey,
          eventsUrl: `${api}/integrations/mailgun/events`,
          logger,
        }),
      }
    : undefined;

  const sms = createSmsProvider({
    provider: providers.sms.provider,
    baseUrl: providers.sms.baseUrl,
    apiKey: providers.sms.simulated
      ? SIMULATOR_API_KEY
      : providers.sms.provider === 'africastalking'
        ? integrations.AT_API_KEY
        : integrations.VINTEX_API_KEY,
    senderId:
      providers.sms.provider === 'africastalking' ? integrations.AT_SENDER_ID : integrations.VINTEX_SENDER_ID,
    atUsername: integrations.AT_USERNAME,
    callbackBaseUrl: `${api}/integrations/sms`,
    callbackToken: config.secrets.smsCallbackToken,
    version: input.version,
    logger,
    allowedExtraPrefixes: config.isProduction ? [] : config.phoneTestPrefixes,
  });
  const email = createMailgunClient({
    baseUrl: providers.mailgun.baseUrl,
    apiKey: providers.mailgun.simulated ? SIMULATOR_API_KEY : (integrations.MAILGUN_API_KEY ?? ''),
    domain: integrations.MAILGUN_DOMAIN,
    from: integrations.MAIL_FROM,
    version: input.version,
    logger,
  });
  const notifier = createNotifier({ db: input.db, logger, sms, email, onQueued: input.onQueued });
  return { sms, email, notifier, directoryEvents: createDirectoryEvents(), simulators };
}
