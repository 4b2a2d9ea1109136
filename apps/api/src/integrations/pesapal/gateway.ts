/**
 * PesaPal as the payments module sees it: the client plus the IPN id every order must name (INT-120,
 * INT-122) and the URLs PesaPal sends people and notifications to.
 */
import type { Logger } from '../../http/logger.js';
import type { PesapalClient } from './client.js';

export interface PesapalGateway {
  client: PesapalClient;
  /** Where PesaPal sends the browser back (PESAPAL_CALLBACK_URL). */
  callbackUrl: string;
  /** The IPN endpoint registered with PesaPal (PESAPAL_IPN_URL). */
  ipnUrl: string;
  /**
   * The `notification_id` for SubmitOrderRequest: PESAPAL_IPN_ID when configured, otherwise the id
   * PesaPal holds for ipnUrl (registered once if missing), remembered for the life of the process.
   */
  ipnId(): Promise<string>;
  /** INT-122 start-up check: logs an error when the IPN setup is wrong, never throws. */
  checkRegistration(): Promise<void>;
}

export interface PesapalGatewayOptions {
  client: PesapalClient;
  callbackUrl: string;
  ipnUrl: string;
  configuredIpnId?: string | undefined;
  logger: Logger;
}

export function createPesapalGateway(options: PesapalGatewayOptions): PesapalGateway {
  const { client, ipnUrl, logger } = options;
  let known: Promise<string> | null = null;

  function ipnId(): Promise<string> {
    if (options.configuredIpnId) return Promise.resolve(options.configuredIpnId);
    // A failed look-up is forgotten, so the next payment asks again instead of failing for good.
    known ??= client.ensureIpnRegistered(ipnUrl).catch((error: unknown) => {
      known = null;
      throw error;
    });
    return known;
  }

  return {
    client,
    callbackUrl: options.callbackUrl,
    ipnUrl,
    ipnId,
    async checkRegistration() {
      try {
        if (!options.configuredIpnId) {
          const id = await ipnId();
          logger.info('PesaPal IPN ready', { integration: 'pesapal', ipn_id: id, ipn_url: ipnUrl });
          return;
        }
        const listed = await client.listIpns();
        const entry = listed.find((ipn) => ipn.ipnId === options.configuredIpnId);
        if (!entry) {
          logger.error('PESAPAL_IPN_ID is not registered with PesaPal; payments will not be confirmed', {
            integration: 'pesapal',
            ipn_id: options.configuredIpnId,
          });
        } else if (entry.url !== ipnUrl) {
          logger.error('PESAPAL_IPN_ID points to another URL than PESAPAL_IPN_URL', {
            integration: 'pesapal',
            ipn_id: entry.ipnId,
            registered_url: entry.url,
            ipn_url: ipnUrl,
          });
        }
      } catch (error) {
        // Payments still start (INT-122); each payment asks again through ipnId().
        logger.error('PesaPal IPN check failed', { integration: 'pesapal', err: error });
      }
    },
  };
}
