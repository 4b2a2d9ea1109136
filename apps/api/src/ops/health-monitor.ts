/**
 * The external health check (PRD-06 "Monitor this endpoint every 5 minutes", ADM-622's deployment
 * monitor): one run calls /api/health, compares with the previous run's state file, and emails the
 * alert list only on a change. Down: one email, then a reminder at most every 6 hours while it stays
 * down; back up: one "recovered" email. cron runs it every 5 minutes (deploy/monitoring/crontab).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../http/logger.js';
import type { AlertMail, AlertMailer, AlertRecipients } from './alert-mail.js';

export const HEALTH_TIMEOUT_MS = 10_000;
export const REMINDER_INTERVAL_MS = 6 * 60 * 60_000;

export interface HealthWatchState {
  status: 'up' | 'down';
  /** When the current status began (the first failed or first good check). */
  since: string;
  last_checked_at: string;
  last_problem: string | null;
  /** The last down or reminder email that reached someone; null while down means "not told yet". */
  last_alert_at: string | null;
  /** The "recovered" email could not be sent; the next good check tries again. */
  recovery_unsent?: { down_since: string; up_at: string };
}

export type HealthAlert = 'down' | 'reminder' | 'recovered';

export interface HealthWatchResult {
  status: 'up' | 'down';
  problem: string | null;
  alert: HealthAlert | null;
  /** Recipients the alert reached (0 when no alert was due, or it failed). */
  delivered: number;
  state: HealthWatchState;
}

export interface HealthWatchOptions {
  /** The health endpoint, e.g. http://127.0.0.1:3000/api/health. */
  url: string;
  statePath: string;
  mailer: AlertMailer;
  admins: AlertRecipients;
  now?: () => Date;
  timeoutMs?: number;
  reminderIntervalMs?: number;
  logger: Logger;
  /** Where the check runs, named in the emails. */
  origin?: string;
}

interface Probe {
  ok: boolean;
  problem: string | null;
  durationMs: number;
}

/** Healthy means HTTP 200 with `"status": "healthy"`; anything else, or no answer in time, is down. */
export async function probeHealth(url: string, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Probe> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      headers: { Accept: 'application/json', 'User-Agent': 'Tafuta-health-watch' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: { status?: unknown; database?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not JSON (a proxy's error page): the status code says enough.
    }
    if (response.status === 200 && body.status === 'healthy') {
      return { ok: true, problem: null, durationMs: elapsed() };
    }
    const database = body.database === 'disconnected' ? ', database disconnected' : '';
    const status = typeof body.status === 'string' ? `, status "${body.status}"` : '';
    return { ok: false, problem: `HTTP ${response.status}${status}${database}`, durationMs: elapsed() };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, problem: `no answer within ${timeoutMs / 1000} s`, durationMs: elapsed() };
    }
    // fetch reports "fetch failed"; the reason (ECONNREFUSED, ECONNRESET, ENOTFOUND) is in the cause.
    const cause =
      error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const reason =
      typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
          ? cause.message
          : error instanceof Error
            ? error.message
            : String(error);
    return { ok: false, problem: `connection failed (${reason})`, durationMs: elapsed() };
  }
}

export function readHealthState(file: string): HealthWatchState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HealthWatchState>;
    if ((state.status === 'up' || state.status === 'down') && typeof state.since === 'string') {
      return {
        last_checked_at: state.since,
        last_problem: null,
        last_alert_at: null,
        ...state,
      } as HealthWatchState;
    }
  } catch {
    // Missing on the first run; unreadable means start over as if it were.
  }
  return undefined;
}

function writeHealthState(file: string, state: HealthWatchState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temporary, file);
}

function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

const when = (date: Date) =>
  `${date.toISOString()} (${date.toLocaleString('en-GB', { timeZone: 'Africa/Nairobi', hour12: false })} Nairobi)`;

function alertMail(
  alert: HealthAlert,
  input: { url: string; problem: string | null; since: Date; now: Date; origin: string; reminderMs: number },
): AlertMail {
  const down = duration(input.now.getTime() - input.since.getTime());
  const footer = [
    '',
    `Checked every 5 minutes by the health-check cron on ${input.origin}.`,
    `While it stays down you get a reminder every ${input.reminderMs / 3_600_000} hours, and one email when it recovers.`,
    'First steps: docs/troubleshooting.md (pm2 status, pm2 logs, systemctl status postgresql caddy).',
  ];
  if (alert === 'recovered') {
    return {
      kind: 'health_alert',
      subject: `RECOVERED: Tafuta is healthy again (down ${down})`,
      text: [
        `${input.url} answers healthy again at ${when(input.now)}.`,
        `It was down from ${when(input.since)}, about ${down}.`,
      ].join('\n'),
    };
  }
  const still = alert === 'reminder';
  const lines = [
    `The health check ${input.url} failed at ${when(input.now)}: ${input.problem ?? 'unknown'}.`,
  ];
  if (still) lines.push(`It has been failing since ${when(input.since)} (${down}).`);
  return {
    kind: 'health_alert',
    subject: still
      ? `STILL DOWN: Tafuta health check failing for ${down}`
      : 'DOWN: Tafuta health check failed',
    text: [...lines, ...footer].join('\n'),
  };
}

/** One check: probe, compare with the state file, alert on a change, write the new state. */
export async function runHealthWatch(options: HealthWatchOptions): Promise<HealthWatchResult> {
  const now = (options.now ?? (() => new Date()))();
  const reminderMs = options.reminderIntervalMs ?? REMINDER_INTERVAL_MS;
  const origin = options.origin ?? `host ${os.hostname()}`;
  const probe = await probeHealth(options.url, options.timeoutMs ?? HEALTH_TIMEOUT_MS);
  const previous = readHealthState(options.statePath);
  const checkedAt = now.toISOString();

  let state: HealthWatchState;
  let alert: HealthAlert | null = null;
  if (!probe.ok) {
    state =
      previous?.status === 'down'
        ? { ...previous, last_checked_at: checkedAt, last_problem: probe.problem }
        : {
            status: 'down',
            since: checkedAt,
            last_checked_at: checkedAt,
            last_problem: probe.problem,
            last_alert_at: null,
          };
    if (state.last_alert_at === null) alert = 'down';
    else if (now.getTime() - Date.parse(state.last_alert_at) >= reminderMs) alert = 'reminder';
  } else {
    const recovering = previous?.status === 'down' && previous.last_alert_at !== null;
    if (recovering || previous?.recovery_unsent) alert = 'recovered';
    state = {
      status: 'up',
      since: previous?.status === 'up' ? previous.since : checkedAt,
      last_checked_at: checkedAt,
      last_problem: null,
      last_alert_at: null,
    };
  }

  let delivered = 0;
  if (alert) {
    const outage =
      previous?.recovery_unsent ??
      (alert === 'recovered' ? { down_since: previous?.since ?? checkedAt, up_at: checkedAt } : undefined);
    const mail = alertMail(alert, {
      url: options.url,
      problem: probe.problem,
      since: new Date(outage?.down_since ?? state.since),
      now: outage ? new Date(outage.up_at) : now,
      origin,
      reminderMs,
    });
    try {
      delivered = (await options.mailer(await options.admins(), mail)).sent;
    } catch (error) {
      options.logger.warn('Could not send the health alert', { err: error, alert });
    }
    if (alert === 'recovered') {
      if (delivered === 0 && outage) state.recovery_unsent = outage;
    } else if (delivered > 0) {
      state.last_alert_at = checkedAt;
    }
    // A down alert that reached no one leaves last_alert_at empty, so the next run (5 min) tries again.
  }

  writeHealthState(options.statePath, state);
  options.logger.log(probe.ok ? 'info' : 'warn', 'health check', {
    url: options.url,
    status: state.status,
    problem: probe.problem,
    duration_ms: probe.durationMs,
    down_since: state.status === 'down' ? state.since : null,
    alert,
    alert_delivered_to: delivered,
  });
  return { status: state.status, problem: probe.problem, alert, delivered, state };
}
