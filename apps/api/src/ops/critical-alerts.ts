/**
 * ADM-513 `critical_error`: log entries at `error` with `critical: true` (and uncaught exceptions, which
 * main.ts logs that way) are emailed to the super admins and ALERT_EMAILS, at most one email per distinct
 * error per hour. The first occurrence goes out at once; repeats within the hour are counted and sent as
 * one digest when the hour closes, so a storm costs one email plus one digest an hour, not thousands.
 *
 * The counts live in a small JSON file (DATA_DIR/critical-alerts.json) shared by every worker, so a
 * crash loop (each restart dying of the same exception) is rate-limited too, not just one process's run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../http/logger.js';
import { redact } from '../lib/redact.js';
import type { AlertMail, AlertMailer, AlertRecipients } from './alert-mail.js';

const HOUR_MS = 60 * 60_000;
/** Distinct errors emailed at once per hour; beyond that a storm of different errors waits for the digest. */
const MAX_IMMEDIATE_PER_WINDOW = 10;
/** Distinct errors remembered; the stalest are forgotten first. */
const MAX_WINDOWS = 200;
const MAX_STACK_LINES = 40;
const MAX_DETAIL_CHARS = 4_000;

export interface CriticalEvent {
  message: string;
  errorCode?: string | undefined;
  /** The error as lib/redact's redactError leaves it. */
  error?: { name?: string | undefined; message?: string | undefined; stack?: string | undefined } | undefined;
  /** Other fields of the log entry (request id, job name); redacted again before they reach an email. */
  fields?: Record<string, unknown> | undefined;
}

/** One distinct error's current hour. */
interface ErrorWindow {
  message: string;
  errorCode: string | null;
  /** The hour being counted opened here: at the first occurrence, or when the last digest went out. */
  windowStart: number;
  lastAt: number;
  /** Occurrences that no email has described yet. */
  unreported: number;
  /** False while no email about this error went out (held back in a storm, or the send failed). */
  emailed: boolean;
  /** The first occurrence, described, for a digest about an error never emailed on its own. */
  sample: string;
}

export interface AlertState {
  windows: Record<string, ErrorWindow>;
  /** Immediate emails this hour across all errors (a storm of distinct errors). */
  budget: { windowStart: number; sent: number };
}

/** Read-modify-write of the shared state; `change` runs synchronously and may mutate what it is given. */
export interface AlertStateStore {
  update<T>(change: (state: AlertState) => T): T;
}

const emptyState = (): AlertState => ({ windows: {}, budget: { windowStart: 0, sent: 0 } });

export function memoryAlertStateStore(): AlertStateStore {
  const state = emptyState();
  return { update: (change) => change(state) };
}

function readState(file: string): AlertState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return emptyState();
  }
  const candidate = parsed as Partial<AlertState> | null;
  if (!candidate || typeof candidate.windows !== 'object' || typeof candidate.budget !== 'object') {
    return emptyState();
  }
  return candidate as AlertState;
}

function writeState(file: string, state: AlertState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

const LOCK_ATTEMPTS = 40;
const LOCK_WAIT_MS = 5;
const STALE_LOCK_MS = 5_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** An exclusive-create lock file; after ~200 ms without it the change runs anyway (best effort). */
function withFileLock<T>(lockFile: string, run: () => T): T {
  let fd: number | undefined;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS && fd === undefined; attempt++) {
    try {
      fd = fs.openSync(lockFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lockFile).mtimeMs > STALE_LOCK_MS) {
          fs.rmSync(lockFile, { force: true });
          continue;
        }
      } catch {
        continue; // released meanwhile
      }
      sleepSync(LOCK_WAIT_MS);
    }
  }
  try {
    return run();
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
      fs.rmSync(lockFile, { force: true });
    }
  }
}

/**
 * The state in a file, shared by the cluster's workers and surviving restarts. If the file cannot be
 * used (permissions, full disk) the state falls back to memory, so alerts still go out.
 */
export function fileAlertStateStore(file: string, onProblem: (error: unknown) => void = () => undefined) {
  let fallback: AlertState | undefined;
  const store: AlertStateStore = {
    update(change) {
      if (fallback) return change(fallback);
      let state: AlertState | undefined;
      let result: ReturnType<typeof change> | undefined;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        return withFileLock(`${file}.lock`, () => {
          state = readState(file);
          result = change(state);
          writeState(file, state);
          return result;
        });
      } catch (error) {
        onProblem(error);
        fallback = state ?? emptyState();
        // The change already ran on `state` (only the write failed): keep its decision, do not repeat it.
        return state ? (result as ReturnType<typeof change>) : change(fallback);
      }
    },
  };
  return store;
}

export interface CriticalAlerterOptions {
  mailer: AlertMailer;
  recipients: AlertRecipients;
  store?: AlertStateStore;
  /** Milliseconds since the epoch; injectable so tests can move through the hour. */
  now?: () => number;
  windowMs?: number;
  maxImmediatePerWindow?: number;
  /** How often closed hours are checked for a digest; 0 leaves it to flushDue() (tests). */
  sweepIntervalMs?: number;
  /** How long repeats are counted in memory before they are written to the store. */
  coalesceMs?: number;
  /** For the alerter's own trouble; it logs at `warn`, never `critical`, so it cannot alert about itself. */
  logger?: Logger;
  /** Shown in every email: environment, host, version. */
  origin?: string;
}

export interface CriticalAlerter {
  report(event: CriticalEvent): void;
  /** Sends the digest of every hour that has closed (the sweep timer calls this every minute). */
  flushDue(): Promise<void>;
  /** Writes counted repeats and waits for the emails under way, at most `timeoutMs` (before an exit). */
  settled(timeoutMs?: number): Promise<void>;
  stop(): void;
}

interface DigestLine {
  key: string;
  message: string;
  errorCode: string | null;
  count: number;
  emailed: boolean;
  from: number;
  lastAt: number;
  sample: string;
}

/** Ids and numbers vary between occurrences of the same fault; they must not make it "distinct". */
function normalise(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d+/g, '<n>')
    .slice(0, 500);
}

/** A distinct error: the log message and error code, plus the error's own name and message. */
export function criticalErrorKey(event: CriticalEvent): string {
  return [
    normalise(event.message),
    event.errorCode ?? '',
    event.error?.name ?? '',
    normalise(event.error?.message ?? ''),
  ].join('\u0001');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function when(ms: number): string {
  const date = new Date(ms);
  const nairobi = date.toLocaleString('en-GB', { timeZone: 'Africa/Nairobi', hour12: false });
  return `${date.toISOString()} (${nairobi} Nairobi)`;
}

/** What an email may say about an event: everything through lib/redact first (INT-031). */
function describe(event: CriticalEvent): string {
  const error = (event.error ? redact(event.error) : undefined) as CriticalEvent['error'];
  const fields = redact(event.fields ?? {}) as Record<string, unknown>;
  const lines = [`Message: ${String(redact(event.message))}`];
  if (event.errorCode) lines.push(`Error code: ${event.errorCode}`);
  if (error?.name || error?.message) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    lines.push(`Error: ${name}${error.message ?? ''}`);
  }
  if (error?.stack) {
    const stack = error.stack.split('\n').slice(1, MAX_STACK_LINES).join('\n');
    if (stack.trim()) lines.push(`Stack:\n${stack}`);
  }
  if (Object.keys(fields).length > 0) lines.push(`Details: ${JSON.stringify(fields, null, 2)}`);
  return clip(lines.join('\n'), MAX_DETAIL_CHARS);
}

const defaultOrigin = () => `host ${os.hostname()}, process ${process.pid}`;

export function createCriticalAlerter(options: CriticalAlerterOptions): CriticalAlerter {
  const store = options.store ?? memoryAlertStateStore();
  const clock = options.now ?? Date.now;
  const windowMs = options.windowMs ?? HOUR_MS;
  const maxImmediate = options.maxImmediatePerWindow ?? MAX_IMMEDIATE_PER_WINDOW;
  const coalesceMs = options.coalesceMs ?? 1_000;
  const origin = options.origin ?? defaultOrigin();
  const inFlight = new Set<Promise<unknown>>();
  /** Repeats of errors whose hour is known to be open, not yet written to the store. */
  const pending = new Map<string, { count: number; lastAt: number }>();
  /** When each error's open hour ends, as last seen in the store. */
  const knownEnd = new Map<string, number>();
  let mergeTimer: NodeJS.Timeout | undefined;

  const track = (work: Promise<unknown>) => {
    const guarded = work.catch((error: unknown) =>
      options.logger?.warn('Could not send a critical-error alert', { err: error }),
    );
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  };

  /** Moves counted repeats into the state (inside an update). */
  const mergePending = (state: AlertState, now: number) => {
    for (const [key, repeat] of pending) {
      const open = state.windows[key];
      if (open) {
        open.unreported += repeat.count;
        open.lastAt = Math.max(open.lastAt, repeat.lastAt);
      } else {
        // Another worker's digest closed it meanwhile: these repeats start the next hour's count.
        state.windows[key] = {
          message: '(repeats counted before the hour closed)',
          errorCode: null,
          windowStart: now,
          lastAt: repeat.lastAt,
          unreported: repeat.count,
          emailed: true,
          sample: '',
        };
      }
    }
    pending.clear();
  };

  /** Closed hours: those with something unreported become digest lines and open a new hour. */
  const takeDue = (state: AlertState, now: number): DigestLine[] => {
    mergePending(state, now);
    const due: DigestLine[] = [];
    for (const [key, window] of Object.entries(state.windows)) {
      knownEnd.set(key, window.windowStart + windowMs);
      if (now < window.windowStart + windowMs) continue;
      knownEnd.delete(key);
      if (window.unreported === 0) {
        delete state.windows[key];
        continue;
      }
      due.push({
        key,
        message: window.message,
        errorCode: window.errorCode,
        count: window.unreported,
        emailed: window.emailed,
        from: window.windowStart,
        lastAt: window.lastAt,
        sample: window.sample,
      });
      // The digest is this error's email for the next hour; repeats after it wait for the next digest.
      Object.assign(window, { windowStart: now, unreported: 0, emailed: true });
      knownEnd.set(key, now + windowMs);
    }
    return due;
  };

  const prune = (state: AlertState) => {
    const keys = Object.keys(state.windows);
    if (keys.length < MAX_WINDOWS) return;
    keys
      .sort((a, b) => state.windows[a]!.lastAt - state.windows[b]!.lastAt)
      .slice(0, keys.length - MAX_WINDOWS + 1)
      .forEach((key) => delete state.windows[key]);
  };

  /** A send that did not reach anyone: the digest at the end of the hour carries it instead. */
  const requeue = (lines: { key: string; count: number; emailed: boolean; message: string }[]) => {
    const now = clock();
    store.update((state) => {
      for (const line of lines) {
        const window = (state.windows[line.key] ??= {
          message: line.message,
          errorCode: null,
          windowStart: now,
          lastAt: now,
          unreported: 0,
          emailed: true,
          sample: '',
        });
        window.unreported += line.count;
        window.emailed &&= line.emailed;
      }
    });
  };

  const deliver = async (mail: AlertMail): Promise<boolean> => {
    try {
      const delivery = await options.mailer(await options.recipients(), mail);
      return delivery.sent > 0;
    } catch (error) {
      options.logger?.warn('Could not send a critical-error alert', { err: error });
      return false;
    }
  };

  const sendImmediate = async (key: string, event: CriticalEvent, detail: string, at: number) => {
    const text = [
      `Tafuta logged a critical error at ${when(at)}, on ${origin}.`,
      '',
      detail,
      '',
      `Repeats of this error within the next hour are counted and sent as one digest when the hour ends ` +
        `(at most one email per distinct error per hour). Every occurrence is in error.log.`,
    ].join('\n');
    const ok = await deliver({
      kind: 'critical_error',
      subject: `Critical error: ${clip(event.message, 120)}`,
      text,
    });
    if (!ok) requeue([{ key, count: 1, emailed: false, message: event.message }]);
  };

  const sendDigest = async (lines: DigestLine[], at: number) => {
    const total = lines.reduce((sum, line) => sum + line.count, 0);
    const only = lines.length === 1 ? lines[0] : undefined;
    const subject = only
      ? only.emailed
        ? `Critical error repeated ${only.count} more time${only.count === 1 ? '' : 's'}: ${clip(only.message, 100)}`
        : `Critical error (${only.count}×): ${clip(only.message, 100)}`
      : `Critical errors: ${total} occurrences of ${lines.length} errors in the last hour`;
    const body = lines.map((line) => {
      const code = line.errorCode ? ` [${line.errorCode}]` : '';
      const count = line.emailed
        ? `${line.count} more occurrence${line.count === 1 ? '' : 's'} since the last email about it`
        : `${line.count} occurrence${line.count === 1 ? '' : 's'}, not emailed before (too many distinct errors at once, or the email failed)`;
      const sample = line.emailed || !line.sample ? '' : `\n  ${line.sample.split('\n').join('\n  ')}`;
      const period =
        line.lastAt <= line.from
          ? `at ${new Date(line.from).toISOString()}`
          : `between ${new Date(line.from).toISOString()} and ${new Date(line.lastAt).toISOString()}`;
      return `- ${line.message}${code}\n  ${count}, ${period}.${sample}`;
    });
    const text = [
      `Critical-error digest from ${origin}, ${when(at)}:`,
      '',
      ...body,
      '',
      'Each error is emailed at most once an hour; every occurrence is in error.log.',
    ].join('\n');
    const ok = await deliver({ kind: 'critical_error', subject, text });
    if (!ok) requeue(lines);
  };

  const writePending = () => {
    clearTimeout(mergeTimer);
    mergeTimer = undefined;
    if (pending.size === 0) return;
    const now = clock();
    const digest = store.update((state) => takeDue(state, now));
    if (digest.length > 0) track(sendDigest(digest, now));
  };

  const flushDue = async () => {
    clearTimeout(mergeTimer);
    mergeTimer = undefined;
    const now = clock();
    const digest = store.update((state) => takeDue(state, now));
    if (digest.length > 0) await sendDigest(digest, now);
  };

  const sweep =
    options.sweepIntervalMs === 0
      ? undefined
      : setInterval(
          () => track(flushDue()),
          options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, windowMs / 60)),
        );
  sweep?.unref();

  return {
    report(event) {
      try {
        const now = clock();
        const key = criticalErrorKey(event);
        const end = knownEnd.get(key);
        if (end !== undefined && now < end) {
          // The common case in a storm: count in memory, write at most once per coalesceMs.
          const repeat = pending.get(key) ?? { count: 0, lastAt: now };
          repeat.count += 1;
          repeat.lastAt = now;
          pending.set(key, repeat);
          if (coalesceMs <= 0) writePending();
          else if (!mergeTimer) {
            mergeTimer = setTimeout(writePending, coalesceMs);
            mergeTimer.unref();
          }
          return;
        }
        const detail = describe(event);
        const decision = store.update((state) => {
          const digest = takeDue(state, now);
          const open = state.windows[key];
          if (open) {
            open.unreported += 1;
            open.lastAt = now;
            return { digest, immediate: false };
          }
          prune(state);
          if (now >= state.budget.windowStart + windowMs) state.budget = { windowStart: now, sent: 0 };
          const immediate = state.budget.sent < maxImmediate;
          if (immediate) state.budget.sent += 1;
          state.windows[key] = {
            message: clip(event.message, 300),
            errorCode: event.errorCode ?? null,
            windowStart: now,
            lastAt: now,
            unreported: immediate ? 0 : 1,
            emailed: immediate,
            sample: detail,
          };
          knownEnd.set(key, now + windowMs);
          return { digest, immediate };
        });
        if (decision.digest.length > 0) track(sendDigest(decision.digest, now));
        if (decision.immediate) track(sendImmediate(key, event, detail, now));
      } catch (error) {
        options.logger?.warn('Critical-error alerting failed', { err: error });
      }
    },
    flushDue,
    async settled(timeoutMs = 8_000) {
      writePending();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
    stop() {
      clearInterval(sweep);
      clearTimeout(mergeTimer);
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A winston entry (already through the logger's redaction) as a critical event. */
export function criticalEventFromLog(info: Record<string, unknown>): CriticalEvent {
  const {
    level: _level,
    message,
    timestamp: _timestamp,
    critical: _critical,
    err,
    error_code,
    ...fields
  } = info;
  const error = isRecord(err)
    ? {
        name: typeof err.name === 'string' ? err.name : undefined,
        message: typeof err.message === 'string' ? err.message : undefined,
        stack: typeof err.stack === 'string' ? err.stack : undefined,
      }
    : typeof err === 'string'
      ? { message: err }
      : undefined;
  const code = error_code ?? (isRecord(err) ? err.error_code : undefined);
  return {
    message: typeof message === 'string' ? message : JSON.stringify(message),
    errorCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    error,
    fields,
  };
}

/** The winston side: `logger.error('…', { critical: true, err })` reaches the alerter. */
export function criticalAlertTransport(alerter: CriticalAlerter): winston.transport {
  const stream = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _encoding, done) {
      if (info.critical === true) alerter.report(criticalEventFromLog(info));
      done();
    },
  });
  return new winston.transports.Stream({ stream, level: 'error' });
}
