/**
 * Mailgun webhooks (INT-310, INT-311): signature and age checks, and the event fields the product
 * uses. The token replay check needs the database, so the caller does it after verifying.
 */
import crypto from 'node:crypto';
import { z } from 'zod';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'bad_signature' | 'stale' | 'malformed' };

export interface VerifyMailgunSignatureInput {
  signingKey: string;
  timestamp: unknown;
  token: unknown;
  signature: unknown;
  nowMs?: number;
  maxAgeSeconds?: number;
}

export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return crypto.createHmac('sha256', signingKey).update(`${timestamp}${token}`).digest('hex');
}

/**
 * The signature is checked before the age, so "stale" is only ever said about genuine requests and an
 * attacker learns nothing from the answer.
 */
export function verifyMailgunSignature(input: VerifyMailgunSignatureInput): SignatureCheck {
  const { signingKey, timestamp, token, signature } = input;
  if (
    typeof timestamp !== 'string' ||
    !/^\d{1,12}$/.test(timestamp) ||
    typeof token !== 'string' ||
    token.length === 0 ||
    token.length > 512 ||
    typeof signature !== 'string' ||
    !/^[0-9a-fA-F]{64}$/.test(signature) ||
    signingKey.length === 0
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(mailgunSignature(signingKey, timestamp, token), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const nowMs = input.nowMs ?? Date.now();
  const maxAgeSeconds = input.maxAgeSeconds ?? 300;
  // Both directions: a timestamp far in the future is as suspicious as an old one.
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}

export interface MailgunEvent {
  id: string;
  event: string;
  severity?: string;
  reason?: string;
  recipient?: string;
  /** Seconds since the epoch, with a fraction. */
  timestamp: number;
  /** Without angle brackets, as stored in provider_message_id. */
  messageId?: string;
  notificationId?: string;
}

export interface ParsedMailgunEvent {
  signature: { timestamp: string; token: string; signature: string };
  event: MailgunEvent;
}

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

const eventSchema = z.object({
  signature: z.object({
    timestamp: z.union([z.string().min(1), z.number().int().transform(String)]),
    token: z.string().min(1),
    signature: z.string().min(1),
  }),
  'event-data': z.object({
    id: z.string().min(1),
    event: z.string().min(1),
    severity: optionalText,
    reason: optionalText,
    recipient: optionalText,
    timestamp: numeric,
    message: z.object({ headers: z.object({ 'message-id': optionalText }).nullish() }).nullish(),
    'user-variables': z.record(z.string(), z.unknown()).nullish(),
  }),
});

export function parseMailgunEvent(body: unknown): ParsedMailgunEvent | null {
  const parsed = eventSchema.safeParse(body);
  if (!parsed.success) return null;
  const { signature, 'event-data': data } = parsed.data;
  const messageId = data.message?.headers?.['message-id']?.trim().replace(/^<(.*)>$/, '$1');
  const notificationId = data['user-variables']?.notification_id;
  const event: MailgunEvent = { id: data.id, event: data.event, timestamp: data.timestamp };
  if (data.severity !== undefined) event.severity = data.severity;
  if (data.reason !== undefined) event.reason = data.reason;
  if (data.recipient !== undefined) event.recipient = data.recipient;
  if (messageId) event.messageId = messageId;
  if (typeof notificationId === 'string' && notificationId.length > 0) event.notificationId = notificationId;
  return { signature, event };
}
