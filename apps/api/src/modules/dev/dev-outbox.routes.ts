import express, { type Router } from 'express';
import { z } from 'zod';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import type { MailgunSimulator } from '../../integrations/email/simulator.js';
import type { SmsSimulator } from '../../integrations/sms/simulator.js';
import { escapeHtml } from '../notifications/render.js';

/**
 * The dev outbox (never mounted in production): what the built-in SMS and Mailgun simulators received,
 * so a person trying the embedded default can read the code sent to "their" phone.
 */
export interface DevOutboxDeps {
  sms: SmsSimulator;
  mail: MailgunSimulator;
}

interface OutboxEntry {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  time: string;
}

function entries(deps: DevOutboxDeps): OutboxEntry[] {
  const sms = deps.sms.messages().map((message) => ({
    channel: 'sms' as const,
    recipient: message.to,
    subject: null,
    body: message.text,
    time: isoSeconds(message.createdAt),
    at: message.createdAt.getTime(),
  }));
  const mail = deps.mail.messages().map((message) => ({
    channel: 'email' as const,
    recipient: message.to,
    subject: message.subject,
    body: message.text,
    time: isoSeconds(message.createdAt),
    at: message.createdAt.getTime(),
  }));
  return [...sms, ...mail].sort((a, b) => b.at - a.at).map(({ at: _at, ...entry }) => entry);
}

const query = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `GET /api/dev/outbox`: JSON, newest first, paginated like every list. */
export function devOutboxApiRouter(deps: DevOutboxDeps): Router {
  const router = express.Router();
  router.get('/dev/outbox', (req, res) => {
    const { page, limit } = parseInput(query, req.query);
    const all = entries(deps);
    res.json({
      success: true,
      data: all.slice((page - 1) * limit, page * limit),
      pagination: paginate(page, limit, all.length),
      timestamp: isoSeconds(new Date()),
    });
  });
  return router;
}

/** `GET /dev/outbox`: the same list as a page that refreshes itself every few seconds. */
export function devOutboxPageRouter(deps: DevOutboxDeps): Router {
  const router = express.Router();
  router.get('/dev/outbox', (_req, res) => {
    const rows = entries(deps)
      .slice(0, 100)
      .map(
        (entry) =>
          `<tr><td>${escapeHtml(entry.time)}</td><td>${entry.channel}</td><td>${escapeHtml(entry.recipient)}</td>` +
          `<td>${entry.subject ? `<strong>${escapeHtml(entry.subject)}</strong><br>` : ''}<pre>${escapeHtml(entry.body)}</pre></td></tr>`,
      )
      .join('');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="5"><meta name="robots" content="noindex"><title>Tafuta dev outbox</title>
<style>body{font:15px system-ui,sans-serif;margin:1rem;color:#111}h1{color:#ED4C22}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0;font:inherit}</style>
</head><body><h1>Dev outbox</h1><p>Messages the built-in SMS and email simulators received, newest first.
This page exists only outside production. JSON: <a href="/api/dev/outbox">/api/dev/outbox</a></p>
<table><thead><tr><th>Time (UTC)</th><th>Channel</th><th>To</th><th>Message</th></tr></thead><tbody>${rows || '<tr><td colspan="4">Nothing sent yet.</td></tr>'}</tbody></table>
</body></html>`);
  });
  return router;
}
