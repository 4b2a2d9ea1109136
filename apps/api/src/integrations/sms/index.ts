/** Picks the SMS adapter named by SMS_PROVIDER (INT-201): switching providers is configuration only. */
import type { Logger } from '../../http/logger.js';
import { CircuitBreaker } from '../http.js';
import { createAfricasTalkingClient } from './africastalking.js';
import type { SmsProvider, SmsProviderName } from './provider.js';
import { createVintexClient } from './vintex.js';

export type {
  DeliveryReport,
  SmsErrorCode,
  SmsMessage,
  SmsProvider,
  SmsProviderName,
  SmsSendResult,
} from './provider.js';
export { KENYAN_MOBILE } from './common.js';
export { smsSegments, type SmsSegments } from './segments.js';

export interface CreateSmsProviderOptions {
  provider: SmsProviderName;
  baseUrl: string;
  apiKey?: string | undefined;
  senderId: string;
  atUsername?: string | undefined;
  /** Prefix of the delivery-report routes, e.g. `https://tafuta.ke/api/integrations/sms`. */
  callbackBaseUrl: string;
  callbackToken?: string | undefined;
  version: string;
  logger: Logger;
  allowedExtraPrefixes?: string[] | undefined;
  /** Pass one in to show its state on the staff health page (INT-024); otherwise one is made. */
  breaker?: CircuitBreaker | undefined;
  timeoutMs?: number | undefined;
  backoffBaseMs?: number | undefined;
}

export function createSmsProvider(options: CreateSmsProviderOptions): SmsProvider {
  const common = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    senderId: options.senderId,
    version: options.version,
    logger: options.logger,
    allowedExtraPrefixes: options.allowedExtraPrefixes,
    breaker: options.breaker ?? new CircuitBreaker(),
    timeoutMs: options.timeoutMs,
    backoffBaseMs: options.backoffBaseMs,
  };
  if (options.provider === 'africastalking') {
    // `sandbox` is AT's own sandbox account; a wrong name in production fails loudly as `auth`.
    return createAfricasTalkingClient({ ...common, username: options.atUsername ?? 'sandbox' });
  }
  return createVintexClient({
    ...common,
    name: options.provider,
    callbackBaseUrl: options.callbackBaseUrl,
    callbackToken: options.callbackToken,
  });
}
