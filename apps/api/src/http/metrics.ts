/**
 * Prometheus metrics at /metrics (ARCHITECTURE "Metrics"; PRD-06 p50/p95/p99, error rate): request
 * latency by route pattern, database pool use, the notification outbox and pg-boss queues, and the
 * process (memory, event-loop lag). Readable from loopback itself, or with `Authorization: Bearer
 * $METRICS_TOKEN`; anyone else gets the same 404 as an unknown path.
 */
import crypto from 'node:crypto';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/schema.js';
import { notFound } from './errors.js';
import type { Logger } from './logger.js';

export const METRICS_PATH = '/metrics';

/** Database gauges are read on scrape; a slow database must not hang the scraper. */
const DATABASE_QUERY_TIMEOUT_MS = 2_000;

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Process metrics are the process's, whichever app instance is scraped; registered once. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A path segment that is an identifier, not a word of the route: uuids, numbers, tokens, slug_uuid. */
function isIdLike(segment: string): boolean {
  return (
    /^\d+$/.test(segment) ||
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(segment) ||
    /^[0-9a-f]{16,}$/i.test(segment) ||
    (/\d/.test(segment) && segment.length >= 20)
  );
}

const collapseIds = (segments: string[]) => segments.map((segment) => (isIdLike(segment) ? ':id' : segment));

/**
 * The route pattern a request matched, e.g. `/api/users/:id`, never the raw path: Express's `req.route`
 * holds the pattern relative to its router, and the part of the URL in front of it is where that router
 * was mounted (static paths here; ids are collapsed in case one day it is not). Requests no route took
 * are grouped, so scanners cannot mint a label per probed URL.
 */
export function routeLabel(req: Request, status: number): string {
  const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') {
    const pathname = (req.originalUrl.split('?')[0] ?? '').split('/').filter(Boolean);
    const routeSegments = pattern.split('/').filter(Boolean);
    const prefix = /[*{}()?]/.test(pattern)
      ? collapseIds(req.baseUrl.split('/').filter(Boolean))
      : collapseIds(pathname.slice(0, Math.max(0, pathname.length - routeSegments.length)));
    const label = `/${[...prefix, ...routeSegments].join('/')}`;
    return label.length > 120 ? `${label.slice(0, 120)}…` : label;
  }
  if (pattern !== undefined) return '(web app)';
  if (status === 404) return '(unmatched)';
  return req.method === 'GET' || req.method === 'HEAD' ? '(static)' : '(other)';
}

function sameToken(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

const isLoopback = (address: string | undefined) =>
  address !== undefined &&
  (address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address) || address === 'localhost');

/** Every client address a proxy says it relayed for (X-Forwarded-For, X-Real-IP, Forwarded: for=). */
function forwardedClients(req: Request): string[] {
  const addresses: string[] = [];
  for (const value of [req.get('x-forwarded-for'), req.get('x-real-ip')]) {
    if (value) addresses.push(...value.split(',').map((item) => item.trim()));
  }
  const forwarded = req.get('forwarded');
  if (forwarded) {
    for (const match of forwarded.matchAll(/for=("?)\[?([^\]",;]+)\]?\1/gi)) addresses.push(match[2] ?? '');
  }
  return addresses.filter((address) => address !== '');
}

/**
 * Loopback means the socket is loopback and no proxy relayed the request for an outside client: Caddy
 * connects from loopback too, so a request it forwards from the internet carries X-Forwarded-For.
 */
export function mayReadMetrics(req: Request, token: string | undefined): boolean {
  if (token) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer !== undefined && sameToken(bearer, token)) return true;
  }
  return isLoopback(req.socket.remoteAddress) && forwardedClients(req).every(isLoopback);
}

export interface MetricsDeps {
  db: Kysely<Database>;
  /** The app's connection pool (main.ts); without it the pool gauges are left out. */
  pool?: pg.Pool | undefined;
  token: string | undefined;
  logger: Logger;
}

export interface HttpMetrics {
  /** Times every request; install first. */
  observe: RequestHandler;
  /** GET /metrics. */
  router: Router;
  registry: Registry;
}

export function createHttpMetrics(deps: MetricsDeps): HttpMetrics {
  const registry = new Registry();
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to the end of the response, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const pool = deps.pool;
  if (pool) {
    const poolGauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(pool));
        },
      });
    poolGauge(
      'pg_pool_total_connections',
      'Connections the pool holds open (idle and in use)',
      (p) => p.totalCount,
    );
    poolGauge('pg_pool_idle_connections', 'Open connections not in use', (p) => p.idleCount);
    poolGauge('pg_pool_waiting_clients', 'Queries waiting for a free connection', (p) => p.waitingCount);
    poolGauge(
      'pg_pool_max_connections',
      'The pool size limit (DATABASE_POOL_MAX)',
      (p) => p.options.max ?? 10,
    );
  }

  const outboxPending = new Gauge({
    name: 'notification_outbox_pending',
    help: 'Notification rows waiting to be sent, by status (queued, sending)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const outboxOldest = new Gauge({
    name: 'notification_outbox_oldest_due_seconds',
    help: 'How long the oldest due notification has been waiting (0 when none)',
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'pgboss_queue_jobs',
    help: 'pg-boss jobs by queue and state, as pg-boss last counted them',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const databaseUp = new Gauge({
    name: 'tafuta_metrics_database_up',
    help: '1 when the scrape could read the queue depths from the database, else 0',
    registers: [registry],
  });

  const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('metrics query timed out')), DATABASE_QUERY_TIMEOUT_MS);
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });

  /** One cheap count over the outbox's partial index, and pg-boss's own counters (if it is installed). */
  const readQueues = async () => {
    try {
      const outbox = await withTimeout(
        sql<{ status: string; n: number; oldest: number | null }>`
          select status, count(*)::int as n,
                 extract(epoch from now() - min(next_attempt_at) filter (where next_attempt_at <= now()))::float8 as oldest
            from notification_log
           where status in ('queued', 'sending')
           group by status`.execute(deps.db),
      );
      outboxPending.reset();
      outboxPending.set({ status: 'queued' }, 0);
      outboxPending.set({ status: 'sending' }, 0);
      let oldest = 0;
      for (const row of outbox.rows) {
        outboxPending.set({ status: row.status }, row.n);
        if (row.status === 'queued') oldest = Math.max(oldest, row.oldest ?? 0);
      }
      outboxOldest.set(oldest);
      databaseUp.set(1);
    } catch (error) {
      databaseUp.set(0);
      deps.logger.warn('Metrics could not read the notification outbox', { err: error });
      return;
    }
    try {
      const queues = await withTimeout(
        sql<{ name: string; queued: number; active: number; deferred: number; failed: number }>`
          select name, queued_count as queued, active_count as active, deferred_count as deferred,
                 failed_count as failed
            from pgboss.queue`.execute(deps.db),
      );
      queueJobs.reset();
      for (const row of queues.rows) {
        for (const state of ['queued', 'active', 'deferred', 'failed'] as const) {
          queueJobs.set({ queue: row.name, state }, row[state]);
        }
      }
    } catch (error) {
      // 42P01: pg-boss has not created its schema (it starts after the app); nothing to report yet.
      if ((error as { code?: unknown }).code !== '42P01') {
        deps.logger.warn('Metrics could not read the pg-boss queues', { err: error });
      }
    }
  };

  const observe: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requestDuration.observe(
        {
          method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER',
          route: routeLabel(req, res.statusCode),
          status_class: `${Math.floor(res.statusCode / 100)}xx`,
        },
        seconds,
      );
    });
    next();
  };

  const router = express.Router();
  router.get(METRICS_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (!mayReadMetrics(req, deps.token)) {
      // The same answer as a path that does not exist: nothing tells an outsider it is here.
      next(notFound(`No endpoint ${req.method} ${METRICS_PATH}`));
      return;
    }
    void (async () => {
      await readQueues();
      const body = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(body);
    })().catch(next);
  });

  return { observe, router, registry };
}
