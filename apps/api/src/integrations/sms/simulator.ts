/**
 * The SMS simulator (INT-250): the assumed VintEx contract and Africa's Talking's form protocol on one
 * router, so the real adapters run unchanged in tests, CI and local development. Outcomes depend on the
 * number's last digits, so a test picks a behaviour by picking a number:
 *   …0000 invalid number, …0402 no credit, …0500 HTTP 500, …0001 accepted but the report says failed.
 */
import crypto from 'node:crypto';
import express from 'express';
import type { Logger } from '../../http/logger.js';
import { smsSegments } from './segments.js';

export interface SimulatedSms {
  messageId: string;
  to: string;
  text: string;
  senderId: string | null;
  reference: string | null;
  provider: 'vintex' | 'africastalking';
  createdAt: Date;
}

export interface SmsSimulatorOptions {
  /** When set, VintEx's X-API-Key and AT's apiKey header must match it. */
  apiKey?: string;
  /** When set, AT's `username` field must match it. */
  atUsername?: string;
  /** SIM_DLR_DELAY_MS; 0 or negative sends no delivery reports. */
  dlrDelayMs?: number;
  duplicateDlr?: boolean;
  /** AT has no per-message callback: this stands in for the URL registered in its dashboard. */
  atCallbackUrl?: string;
  logger?: Logger;
}

export interface SmsSimulator {
  router: express.Router;
  messages(filter?: { to?: string }): SimulatedSms[];
  reset(): void;
  setDown(down: boolean): void;
  sendCount(): number;
}

const MAX_STORED = 1000;
const REFERENCE_TTL_MS = 24 * 60 * 60 * 1000;
const SENDER_ID = /^[A-Za-z0-9 ]{1,11}$/;
const VINTEX_COST_KES = 0.5;
const AT_COST_KES = 0.8;

type Outcome = 'ok' | 'invalid_number' | 'no_credit' | 'server_error' | 'undeliverable';

function outcomeFor(to: string): Outcome {
  if (!/^\+\d{8,15}$/.test(to) || to.endsWith('0000')) return 'invalid_number';
  if (to.endsWith('0402')) return 'no_credit';
  if (to.endsWith('0500')) return 'server_error';
  if (to.endsWith('0001')) return 'undeliverable';
  return 'ok';
}

function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A `+` in an unencoded query string arrives as a space. */
function normaliseNumber(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.replace(/^ /, '+').trim() : undefined;
}

export function createSmsSimulator(options: SmsSimulatorOptions = {}): SmsSimulator {
  const dlrDelayMs = options.dlrDelayMs ?? 50;
  let stored: SimulatedSms[] = [];
  const references = new Map<string, { at: number; response: Record<string, unknown> }>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let down = false;
  let sends = 0;

  const remember = (sms: SimulatedSms) => {
    stored.push(sms);
    if (stored.length > MAX_STORED) stored = stored.slice(-MAX_STORED);
  };

  const post = async (url: string, body: string, contentType: string) => {
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': contentType },
        body,
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      // The app may be down or the test over; a lost report is what real gateways do too.
      options.logger?.debug('sms simulator could not post a delivery report', { error });
    }
  };

  const scheduleReport = (url: string, body: string, contentType: string) => {
    if (dlrDelayMs <= 0) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void (async () => {
        await post(url, body, contentType);
        if (options.duplicateDlr) await post(url, body, contentType);
      })();
    }, dlrDelayMs);
    timer.unref();
    timers.add(timer);
  };

  const router = express.Router();
  // The host app parses JSON only under /api, so the simulator reads its own bodies.
  router.use(express.json({ limit: '100kb' }), express.urlencoded({ extended: false, limit: '100kb' }));

  router.post('/sms/send', (req, res) => {
    sends += 1;
    if (down) {
      res.status(503).json({ error: { code: 'unavailable', message: 'Simulated outage' } });
      return;
    }
    if (options.apiKey !== undefined && req.get('x-api-key') !== options.apiKey) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'Invalid API key' } });
      return;
    }
    const to = field(req.body, 'to');
    const text = field(req.body, 'message');
    const senderId = field(req.body, 'sender_id') ?? null;
    const reference = field(req.body, 'reference') ?? null;
    const callbackUrl = field(req.body, 'callback_url');
    if (!to || !text) {
      res.status(400).json({ error: { code: 'bad_request', message: 'to and message are required' } });
      return;
    }
    if (senderId !== null && !SENDER_ID.test(senderId)) {
      res.status(400).json({ error: { code: 'invalid_sender_id', message: 'Unknown sender id' } });
      return;
    }
    const now = Date.now();
    const previous = reference === null ? undefined : references.get(reference);
    if (previous && now - previous.at < REFERENCE_TTL_MS) {
      res.status(200).json(previous.response);
      return;
    }
    const outcome = outcomeFor(to);
    if (outcome === 'invalid_number') {
      res.status(400).json({ error: { code: 'invalid_number', message: 'Not a valid mobile number' } });
      return;
    }
    if (outcome === 'no_credit') {
      res.status(402).json({ error: { code: 'insufficient_balance', message: 'Top up your account' } });
      return;
    }
    if (outcome === 'server_error') {
      res.status(500).json({ error: { code: 'internal_error', message: 'Simulated failure' } });
      return;
    }
    const messageId = `vx-${crypto.randomUUID()}`;
    remember({ messageId, to, text, senderId, reference, provider: 'vintex', createdAt: new Date(now) });
    const { segments } = smsSegments(text);
    const response = {
      message_id: messageId,
      status: 'queued',
      segments,
      cost: VINTEX_COST_KES * segments,
      currency: 'KES',
    };
    if (reference !== null) {
      for (const [key, entry] of references) if (now - entry.at >= REFERENCE_TTL_MS) references.delete(key);
      references.set(reference, { at: now, response });
      if (references.size > MAX_STORED) references.delete(references.keys().next().value ?? '');
    }
    if (callbackUrl) {
      const failed = outcome === 'undeliverable';
      const report = {
        message_id: messageId,
        reference,
        status: failed ? 'failed' : 'delivered',
        ...(failed ? { reason: 'AbsentSubscriber' } : {}),
        timestamp: new Date().toISOString(),
      };
      scheduleReport(callbackUrl, JSON.stringify(report), 'application/json');
    }
    res.status(201).json(response);
  });

  router.post('/version1/messaging', (req, res) => {
    sends += 1;
    if (down) {
      res.status(503).type('text/plain').send('Service Unavailable');
      return;
    }
    const username = field(req.body, 'username');
    const authentic =
      (options.apiKey === undefined || req.get('apikey') === options.apiKey) &&
      (options.atUsername === undefined || username === options.atUsername);
    if (!authentic) {
      res.status(401).type('text/plain').send('The supplied authentication is invalid');
      return;
    }
    const to = field(req.body, 'to');
    const text = field(req.body, 'message');
    const from = field(req.body, 'from') ?? null;
    if (!username || !to || !text) {
      res.status(400).type('text/plain').send('Missing required parameter: username, to or message');
      return;
    }
    if (from !== null && !SENDER_ID.test(from)) {
      res.status(201).json({ SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } });
      return;
    }
    const numbers = to.split(',').map((number) => number.trim());
    const refused = (number: string, statusCode: number, status: string) => ({
      statusCode,
      number,
      status,
      cost: '0',
      messageId: 'None',
    });
    if (numbers.some((number) => outcomeFor(number) === 'server_error')) {
      const recipients = numbers.map((number) => refused(number, 500, 'InternalServerError'));
      res.status(500).json({ SMSMessageData: { Message: 'InternalServerError', Recipients: recipients } });
      return;
    }
    const { segments } = smsSegments(text);
    let total = 0;
    const recipients = numbers.map((number) => {
      const outcome = outcomeFor(number);
      if (outcome === 'invalid_number') return refused(number, 403, 'InvalidPhoneNumber');
      if (outcome === 'no_credit') return refused(number, 405, 'InsufficientBalance');
      const messageId = `ATXid_${crypto.randomBytes(16).toString('hex')}`;
      remember({
        messageId,
        to: number,
        text,
        senderId: from,
        reference: null,
        provider: 'africastalking',
        createdAt: new Date(),
      });
      if (options.atCallbackUrl) {
        const failed = outcome === 'undeliverable';
        const report = new URLSearchParams({
          id: messageId,
          status: failed ? 'Failed' : 'Success',
          phoneNumber: number,
          networkCode: '63902',
          retryCount: '0',
          ...(failed ? { failureReason: 'AbsentSubscriber' } : {}),
        });
        scheduleReport(options.atCallbackUrl, report.toString(), 'application/x-www-form-urlencoded');
      }
      const cost = AT_COST_KES * segments;
      total += cost;
      return { statusCode: 101, number, status: 'Success', cost: `KES ${cost.toFixed(4)}`, messageId };
    });
    const sent = recipients.filter((recipient) => recipient.statusCode === 101).length;
    res.status(201).json({
      SMSMessageData: {
        Message: `Sent to ${sent}/${numbers.length} Total Cost: KES ${total.toFixed(4)}`,
        Recipients: recipients,
      },
    });
  });

  const messages = (filter: { to?: string } = {}) => {
    const to = normaliseNumber(filter.to);
    return stored.filter((sms) => to === undefined || sms.to === to).reverse();
  };

  router.get('/sim/sms/messages', (req, res) => {
    res.json({
      messages: messages({ to: normaliseNumber(req.query.to) }).map((sms) => ({
        message_id: sms.messageId,
        to: sms.to,
        text: sms.text,
        sender_id: sms.senderId,
        reference: sms.reference,
        provider: sms.provider,
        created_at: sms.createdAt.toISOString(),
      })),
    });
  });

  return {
    router,
    messages,
    reset() {
      stored = [];
      references.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      down = false;
      sends = 0;
    },
    setDown(value) {
      down = value;
    },
    sendCount: () => sends,
  };
}
