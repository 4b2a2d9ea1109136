import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { PesapalError } from '../../integrations/pesapal/errors.js';
import type { PesapalGateway } from '../../integrations/pesapal/gateway.js';
import type { DirectoryEvents } from '../directory-deps.js';
import type { Notifier } from '../notifications/notifier.js';
import { ConfigCache } from './config-cache.js';

export type { PesapalGateway } from '../../integrations/pesapal/gateway.js';

/**
 * What every payments router, service and job receives (checkout, settlement, receipts, refunds,
 * subscriptions). Services narrow it with Pick<> to what they use.
 */
export interface PaymentsDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  rateLimitStores: RateLimitStoreFactory;
  /** dnsQueued(): a held subdomain was assigned in a committed transaction, wake the DNS worker. */
  events: Pick<DirectoryEvents, 'dnsQueued' | 'listingsChanged'>;
  /** The PesaPal client, callback/IPN URLs and the IPN id (services.ts builds it). */
  pesapal: PesapalGateway;
  /** https://tafuta.ke: links in messages (renewal links, receipt links). */
  appUrl: string;
  /** system_config read through a cache refreshed within 60 s (ADM-452): vat_rate and friends. */
  config: ConfigCache;
}

/**
 * An app built without a PesaPal gateway (a few infrastructure tests) still serves the payments routes;
 * every call to PesaPal then fails as "unreachable", which checkout answers with 502 like any outage.
 */
export function unconfiguredPesapal(): PesapalGateway {
  const down = (operation: 'submit_order' | 'get_status' | 'register_ipn' | 'list_ipns') =>
    Promise.reject(new PesapalError('unavailable', operation, 'PesaPal is not configured in this app'));
  return {
    client: {
      submitOrder: () => down('submit_order'),
      getTransactionStatus: () => down('get_status'),
      ensureIpnRegistered: () => down('register_ipn'),
      listIpns: () => down('list_ipns'),
    },
    callbackUrl: '',
    ipnUrl: '',
    ipnId: () => down('register_ipn'),
    checkRegistration: () => Promise.resolve(),
  };
}

/**
 * app.ts builds one PaymentsDeps per app from its own deps; jobs (jobs/index.ts) build theirs the same way.
 * The config cache is per process: ADM-452's 60 s bound is what a change made elsewhere may take.
 */
export function createPaymentsDeps(
  input: Omit<PaymentsDeps, 'config' | 'pesapal'> & {
    pesapal?: PesapalGateway | undefined;
    config?: ConfigCache;
  },
): PaymentsDeps {
  return {
    ...input,
    pesapal: input.pesapal ?? unconfiguredPesapal(),
    config: input.config ?? new ConfigCache(input.db),
  };
}
