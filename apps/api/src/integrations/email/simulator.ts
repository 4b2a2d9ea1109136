/**
 * The Mailgun simulator (INT-320): the sending endpoint and signed event webhooks, so the real client
 * and the real webhook route run in tests and local development. Recipients pick the behaviour:
 * `@fail.test` is refused with 400, `@bounce.test` is accepted and later reported as a permanent failure.
 */
import crypto from 'node:crypto';
import express from 'express';
import type { Logger } from '../../http/logger.js';
import { mailgunSignature } from './webhook.js';

export interface SimulatedMail {
  id: string;
  domain: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  tags: string[];
  /** `v:*` fields, which come back in webhooks as `user-variables`. */
  variables: Record<string, string>;
  /** `h:*` fields. */
  headers: Record<string, string>;
  /** Other `o:*` fields (tracking, testmode). */
  options: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  createdAt: Date;
}

export type SimulatedMailEvent = 'delivered' | 'failed' | 'complained' | 'unsubscribed';

export interface PostEventInput {
  messageId: string;
  event: SimulatedMailEvent;
  severity?: 'permanent' | 'temporary';
  badSignature?: boolean;
  oldTimestamp?: boolean;
  reuseToken?: string;
}

export interface MailgunSimulatorOptions {
  /** When set, Basic auth `api:<apiKey>` is required. */
  apiKey?: string;
  signingKey: string;
  /** Where signed events go, e.g. the app's `/api/integrations/mailgun/events`. */
  eventsUrl?: string;
  /** 0 or negative: no automatic events (tests post them with postEvent). */
  eventDelayMs?: number;
  logger?: Logger;
}

export interface MailgunSimulator {
  router: express.Router;
  messages(filter?: { to?: string }): SimulatedMail[];
  reset(): void;
  setDown(down: boolean): void;
  postEvent(input: PostEventInput): Promise<{ status: number; token: string }>;
}

const MAX_STORED = 1000;
const OLD_TIMESTAMP_SECONDS = 600;

export function addressOf(recipient: string): string {
  return (/<([^>]+)>\s*$/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
}

type Fields = Map<string, (string | File)[]>;

/** Multipart is parsed by the platform's own Request, so the simulator needs no upload package. */
async function readFields(req: express.Request): Promise<Fields | null> {
  const type = req.get('content-type') ?? '';
  if (!Buffer.isBuffer(req.body)) return null;
  const fields: Fields = new Map();
  const add = (name: string, value: string | File) => fields.set(name, [...(fields.get(name) ?? []), value]);
  if (type.startsWith('multipart/form-data')) {
    const request = new Request('http://x', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(req.body),
    });
    for (const [name, value] of await request.formData()) add(name, value);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(req.body.toString('utf8'))) add(name, value);
  } else {
    return null;
  }
  return fields;
}

function textOf(fields: Fields, name: string): string | undefined {
  const value = fields.get(name)?.[0];
  return typeof value === 'string' ? value : undefined;
}

function messageIdFor(domain: string, counter: number): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}.${counter}.${crypto.randomBytes(6).toString('hex').toUpperCase()}@${domain}`;
}

export function createMailgunSimulator(options: MailgunSimulatorOptions): MailgunSimulator {
  const eventDelayMs = options.eventDelayMs ?? 50;
  const expectedAuth =
    options.apiKey === undefined
      ? undefined
      : `Basic ${Buffer.from(`api:${options.apiKey}`).toString('base64')}`;
  let stored: SimulatedMail[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let down = false;
  let counter = 0;

  const findMessage = (id: string) => stored.find((mail) => mail.id === id);

  async function postEvent(input: PostEventInput): Promise<{ status: number; token: string }> {
    if (!options.eventsUrl) throw new Error('The Mailgun simulator has no eventsUrl to post to');
    const mail = findMessage(input.messageId);
    const nowSeconds = Date.now() / 1000;
    const timestamp = String(Math.floor(nowSeconds) - (input.oldTimestamp ? OLD_TIMESTAMP_SECONDS : 0));
    const token = input.reuseToken ?? crypto.randomBytes(25).toString('hex');
    const key = input.badSignature ? `${options.signingKey}-wrong` : options.signingKey;
    const severity = input.event === 'failed' ? (input.severity ?? 'permanent') : undefined;
    const deliveryStatus =
      input.event === 'delivered'
        ? { code: 250, message: 'OK' }
        : severity === 'permanent'
          ? { code: 550, message: '5.1.1 mailbox does not exist' }
          : severity === 'temporary'
            ? { code: 421, message: '4.2.1 try again later' }
            : undefined;
    const payload = {
      signature: { timestamp, token, signature: mailgunSignature(key, timestamp, token) },
      'event-data': {
        id: crypto.randomBytes(16).toString('base64url').slice(0, 22),
        event: input.event,
        ...(severity ? { severity, reason: severity === 'permanent' ? 'bounce' : 'generic' } : {}),
        timestamp: nowSeconds,
        recipient: mail ? addressOf(mail.to) : 'unknown@example.test',
        ...(deliveryStatus ? { 'delivery-status': deliveryStatus } : {}),
        message: { headers: { 'message-id': input.messageId, ...(mail ? { subject: mail.subject } : {}) } },
        'user-variables': mail?.variables ?? {},
        tags: mail?.tags ?? [],
      },
    };
    const response = await fetch(options.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return { status: response.status, token };
  }

  const scheduleEvent = (input: PostEventInput) => {
    if (!options.eventsUrl || eventDelayMs <= 0) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      postEvent(input).catch((error: unknown) => {
        // The app may be down or the test over; Mailgun itself would retry, the simulator does not.
        options.logger?.debug('mailgun simulator could not post an event', { error });
      });
    }, eventDelayMs);
    timer.unref();
    timers.add(timer);
  };

  const router = express.Router();
  // The host app parses only JSON, and only under /api, so the simulator reads raw bodies itself.
  router.use(express.raw({ type: () => true, limit: '30mb' }));

  router.post('/v3/:domain/messages', async (req, res) => {
    if (down) {
      res.status(503).json({ message: 'Service Unavailable (simulated outage)' });
      return;
    }
    if (expectedAuth !== undefined && req.get('authorization') !== expectedAuth) {
      res.status(401).type('text/plain').send('Forbidden');
      return;
    }
    let fields: Fields | null;
    try {
      fields = await readFields(req);
    } catch {
      fields = null;
    }
    if (!fields) {
      res.status(400).json({ message: 'Send multipart/form-data or application/x-www-form-urlencoded' });
      return;
    }
    for (const name of ['from', 'to', 'subject'] as const) {
      if (!textOf(fields, name)) {
        res.status(400).json({ message: `'${name}' parameter is missing` });
        return;
      }
    }
    const to = textOf(fields, 'to') ?? '';
    if (addressOf(to).endsWith('@fail.test')) {
      res.status(400).json({ message: "'to' parameter is not a valid address. please check documentation" });
      return;
    }
    const prefixed = (prefix: string) =>
      Object.fromEntries(
        [...fields.entries()]
          .filter(
            ([name, values]) => name.startsWith(prefix) && name !== 'o:tag' && typeof values[0] === 'string',
          )
          .map(([name, values]) => [name.slice(prefix.length), values[0] as string]),
      );
    const attachments: SimulatedMail['attachments'] = [];
    for (const value of fields.get('attachment') ?? []) {
      if (typeof value === 'string') continue;
      attachments.push({
        filename: value.name,
        contentType: value.type,
        content: Buffer.from(await value.arrayBuffer()),
      });
    }
    const domain = String(req.params.domain);
    counter += 1;
    const mail: SimulatedMail = {
      id: messageIdFor(domain, counter),
      domain,
      from: textOf(fields, 'from') ?? '',
      to,
      subject: textOf(fields, 'subject') ?? '',
      text: textOf(fields, 'text') ?? '',
      html: textOf(fields, 'html') ?? '',
      tags: (fields.get('o:tag') ?? []).filter((tag): tag is string => typeof tag === 'string'),
      variables: prefixed('v:'),
      headers: prefixed('h:'),
      options: prefixed('o:'),
      attachments,
      createdAt: new Date(),
    };
    stored.push(mail);
    if (stored.length > MAX_STORED) stored = stored.slice(-MAX_STORED);
    // A bouncing address only ever bounces; it never also reports a delivery.
    scheduleEvent(
      addressOf(to).endsWith('@bounce.test')
        ? { messageId: mail.id, event: 'failed', severity: 'permanent' }
        : { messageId: mail.id, event: 'delivered' },
    );
    res.status(200).json({ id: `<${mail.id}>`, message: 'Queued. Thank you.' });
  });

  const messages = (filter: { to?: string } = {}) => {
    const wanted = filter.to ? addressOf(filter.to) : undefined;
    return stored.filter((mail) => wanted === undefined || addressOf(mail.to) === wanted).reverse();
  };

  router.get('/sim/mail/messages', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    res.json({
      messages: messages(to ? { to } : {}).map(({ attachments, createdAt, ...mail }) => ({
        ...mail,
        attachments: attachments.map((file) => ({
          filename: file.filename,
          content_type: file.contentType,
          size: file.content.length,
        })),
        created_at: createdAt.toISOString(),
      })),
    });
  });

  return {
    router,
    messages,
    reset() {
      stored = [];
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      down = false;
    },
    setDown(value) {
      down = value;
    },
    postEvent,
  };
}
