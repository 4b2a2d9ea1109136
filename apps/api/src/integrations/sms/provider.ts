/**
 * INT-200: what the rest of the product knows about an SMS gateway. Everything provider-specific (wire
 * format, status codes, delivery-report shape) stays inside the adapters behind this interface.
 */

export type SmsProviderName = 'vintex' | 'africastalking' | 'simulator';

export interface SmsMessage {
  to: string;
  text: string;
  senderId?: string;
  clientRef: string;
}

export type SmsErrorCode =
  'invalid_number' | 'blocked' | 'no_credit' | 'sender_id' | 'auth' | 'provider_error' | 'unknown';

export interface SmsSendResult {
  accepted: boolean;
  providerMessageId: string | null;
  providerStatus: string;
  errorCode?: SmsErrorCode;
  retryable: boolean;
  segments?: number;
  costKes?: number;
}

export interface DeliveryReport {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'failed';
  reason?: string;
  networkCode?: string;
}

export interface SmsProvider {
  readonly name: SmsProviderName;
  send(message: SmsMessage, options?: { attempts?: number }): Promise<SmsSendResult>;
  parseDeliveryReport(req: {
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
    query: Record<string, unknown>;
  }): DeliveryReport | null;
}
