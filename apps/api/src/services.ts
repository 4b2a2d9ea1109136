import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import type { Logger } from './http/logger.js';
import { createCloudflareClient } from './integrations/dns/cloudflare.js';
import type { DnsProvider } from './integrations/dns/provider.js';
import { createCloudflareSimulator, type CloudflareSimulator } from './integrations/dns/simulator.js';
import { createMailgunClient } from './integrations/email/mailgun.js';
import type { EmailProvider } from './integrations/email/provider.js';
import { createMailgunSimulator, type MailgunSimulator } from './integrations/email/simulator.js';
import { createPesapalClient } from './integrations/pesapal/client.js';
import { createPesapalGateway, type PesapalGateway } from './integrations/pesapal/gateway.js';
import { createPesapalSimulator, type PesapalSimulator } from './integrations/pesapal/simulator.js';
import { createSmsProvider } from './integrations/sms/index.js';
import type { SmsProvider } from './integrations/sms/provider.js';
import { createSmsSimulator, type SmsSimulator } from './integrations/sms/simulator.js';
import { SIMULATOR_MOUNT_PATH } from './config-providers.js';
import { createDirectoryEvents, type DirectoryEvents } from './modules/directory-deps.js';
import { createNotifier, type Notifier } from './modules/notifications/notifier.js';

/** Credentials the built-in simulators expect, so the real clients authenticate against them as usual. */
const SIMULATOR_API_KEY = 'simulator-api-key';
/** The one zone the Cloudflare simulator serves when no CLOUDFLARE_ZONE_ID is set. */
const SIMULATOR_ZONE_ID = '00000000000000000000000000000000';

export interface Services {
  sms: SmsProvider;
  email: EmailProvider;
  dns: DnsProvider;
  /** PesaPal client, callback/IPN URLs and the IPN id orders name (integrations/pesapal/gateway.ts). */
  pesapal: PesapalGateway;
  notifier: Notifier;
  directoryEvents: DirectoryEvents;
  /** Set when a simulator stands in for a provider (never in production). */
  simulators:
    | { sms: SmsSimulator; mail: MailgunSimulator; dns?: CloudflareSimulator; pesapal?: PesapalSimulator }
    | undefined;
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
  const dnsSimulated = !config.isProduction && providers.cloudflare.simulated;
  const zoneId = integrations.CLOUDFLARE_ZONE_ID ?? SIMULATOR_ZONE_ID;
  const pesapalSimulated = !config.isProduction && providers.pesapal.simulated;
  const simulated =
    !config.isProduction &&
    (providers.sms.simulated || providers.mailgun.simulated || dnsSimulated || pesapalSimulated);
  const simulators = simulated
    ? {
        sms: createSmsSimulator({ apiKey: SIMULATOR_API_KEY, logger }),
        mail: createMailgunSimulator({
          apiKey: SIMULATOR_API_KEY,
          signingKey: config.secrets.mailgunSigningKey,
          eventsUrl: `${api}/integrations/mailgun/events`,
          logger,
        }),
        ...(dnsSimulated ? { dns: createCloudflareSimulator({ apiToken: SIMULATOR_API_KEY, zoneId }) } : {}),
        ...(pesapalSimulated
          ? {
              pesapal: createPesapalSimulator({
                consumerKey: SIMULATOR_API_KEY,
                consumerSecret: SIMULATOR_API_KEY,
                // redirect_url must work in the person's browser, so it uses the app's public address.
                pageBaseUrl: `${config.appUrl}${SIMULATOR_MOUNT_PATH}/pesapal`,
                logger,
              }),
            }
          : {}),
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
  const dns = createCloudflareClient({
    baseUrl: providers.cloudflare.baseUrl,
    apiToken: providers.cloudflare.simulated ? SIMULATOR_API_KEY : (integrations.CLOUDFLARE_API_TOKEN ?? ''),
    zoneId,
    apexDomain: config.cors.apexDomain,
    version: input.version,
    logger,
  });
  const pesapal = createPesapalGateway({
    client: createPesapalClient({
      baseUrl: providers.pesapal.baseUrl,
      consumerKey: providers.pesapal.simulated
        ? SIMULATOR_API_KEY
        : (integrations.PESAPAL_CONSUMER_KEY ?? ''),
      consumerSecret: providers.pesapal.simulated
        ? SIMULATOR_API_KEY
        : (integrations.PESAPAL_CONSUMER_SECRET ?? ''),
      version: input.version,
      logger,
    }),
    callbackUrl: integrations.PESAPAL_CALLBACK_URL ?? `${config.appUrl}/config/payments/return`,
    ipnUrl: integrations.PESAPAL_IPN_URL ?? `${api}/payments/webhook`,
    configuredIpnId: integrations.PESAPAL_IPN_ID,
    logger,
  });
  const notifier = createNotifier({ db: input.db, logger, sms, email, onQueued: input.onQueued });
  return { sms, email, dns, pesapal, notifier, directoryEvents: createDirectoryEvents(), simulators };
}
