/** INT-002: what the rest of the product knows about sending email; Mailgun details stay behind it. */

export interface EmailMessage {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  html: string;
  tags: string[];
  notificationId: string;
  tracking: boolean;
  replyTo?: string;
  listUnsubscribeUrl?: string;
  listUnsubscribePostUrl?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface EmailSendResult {
  accepted: boolean;
  providerMessageId: string | null;
  httpStatus: number | null;
  errorCode?: 'invalid_request' | 'auth' | 'unknown_domain' | 'too_large' | 'provider_error';
  retryable: boolean;
}

export interface EmailProvider {
  readonly name: 'mailgun';
  send(message: EmailMessage, options?: { attempts?: number }): Promise<EmailSendResult>;
}
