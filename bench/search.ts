import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import pg from 'pg';
import { createClient } from 'redis';
import { buildApp } from '../apps/api/src/app.js';
import { loadConfig } from '../apps/api/src/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../apps/api/src/db/embedded.js';
import { migrateToLatest } from '../apps/api/src/db/migrate.js';
import { createDatabase } from '../apps/api/src/db/pool.js';
import { seedReferenceData } from '../apps/api/src/db/seed/index.js';
import { createLogger } from '../apps/api/src/http/logger.js';
import {
  postgresStoreFactory,
  redisStoreFactory,
  type RateLimitStoreFactory,
} from '../apps/api/src/http/rate-limit/stores.js';
import { postgresSessionStore } from '../apps/api/src/http/session.js';
import { createServices } from '../apps/api/src/services.js';
import { databaseUrl } from '../apps/api/src/test/database-url.js';
import { freePort } from '../apps/api/src/test/ports.js';
import {
  BENCH_REGIONS,
  brandWords,
  COMMON_WORDS,
  ensureBenchRegions,
  insertBusinesses,
  pick,
  prng,
  TRADE_WORDS,
  type Random,
} from './generate.js';
import type { LoadInput, LoadResult } from './load-worker.js';
import { profileSql } from './sql-profile.js';

/**
 * `npm run bench:search` (issue 4 item 7): 100,000 generated businesses in a scratch database, the real
 * app in this process, and autocannon (in a worker thread) at 100 connections for 20 s over a mix of
 * searches; then the same load against a bare Express hello-world route for the ratio. The last line is
 * `RESULT search p50_ms=… p95_ms=… p99_ms=… rps=… hello_rps=… businesses=…`, so runs compare.
 *
 * Env: BENCH_BUSINESSES (100000), BENCH_SECONDS (20), BENCH_CONNECTIONS (100), BENCH_SEED, BENCH_PATHS,
 * BENCH_KEEP_DATABASE (keep the scratch database on an external server for EXPLAIN ANALYZE), BENCH_PROFILE_SQL
 * (time each statement the app runs), REDIS_URL
 * (rate-limit counters in Redis as main.ts does; else in PostgreSQL, the launch default); the database
 * server is TEST_DATABASE_URL's or DATABASE_URL's, else an embedded PostgreSQL in a temporary folder.
 */

const positiveInt = (name: string, fallback: number): number => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const BUSINESSES = positiveInt('BENCH_BUSINESSES', 100_000);
const SECONDS = positiveInt('BENCH_SECONDS', 20);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 100);
const SEED = positiveInt('BENCH_SEED', 20_260_301);
/** More non-2xx than this and the figures measure refusals, not search. */
const MAX_NON_2XX = 0.01;

const say = (line = '') => process.stdout.write(`${line}\n`);

async function databaseServer(): Promise<{ adminUrl: string; external: boolean; stop: () => Promise<void> }> {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (configured) return { adminUrl: configured, external: true, stop: () => Promise.resolve() };
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-bench-pg-'));
  fs.chmodSync(tempDir, 0o755);
  say('Starting an embedded PostgreSQL (set TEST_DATABASE_URL or DATABASE_URL to use a server)…');
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: path.join(tempDir, 'postgres'),
    port: await freePort(),
    // Scratch data: durability off, like the test server; it does not touch query speed.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
  });
  return {
    adminUrl: embedded.url('postgres'),
    external: false,
    stop: async () => {
      await embedded.stop();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** One typo: a letter dropped, doubled or swapped with its neighbour. */
function typo(word: string, random: Random): string {
  const lower = word.toLowerCase();
  const at = 1 + Math.floor(random() * Math.max(1, lower.length - 2));
  const kind = random();
  if (kind < 0.34) return lower.slice(0, at) + lower.slice(at + 1);
  if (kind < 0.67) return lower.slice(0, at) + lower[at] + lower.slice(at);
  return lower.slice(0, at - 1) + lower[at] + lower[at - 1] + lower.slice(at + 1);
}

const CATEGORY_SLUGS = [
  'salons',
  'restaurants',
  'shops',
  'groceries',
  'hardware',
  'hotels',
  'cybers',
  'entertainment',
  'churches',
  'schools',
  'hospitals',
  'pharmacies',
  'mechanics',
  'repairs',
  'other',
];

/**
 * The request mix: selective text (a brand word a few businesses carry), broad text (common words, some
 * with a region), category+region pages without text, and typos of both kinds of words. Seeds 0–15 and
 * pages 1–3 as the public app sends them.
 */
function requestMix(count: number, brands: readonly string[], random: Random) {
  const kinds = { selective: 0, broad: 0, category_region: 0, typo: 0 };
  const paths: string[] = [];
  const kindOf: string[] = [];
  for (let i = 0; i < count; i++) {
    const params = new URLSearchParams();
    const roll = random();
    const kind: keyof typeof kinds =
      roll < 0.3 ? 'selective' : roll < 0.55 ? 'broad' : roll < 0.85 ? 'category_region' : 'typo';
    kinds[kind] += 1;
    kindOf.push(kind);
    if (kind === 'selective') {
      params.set('q', pick(random, brands));
    } else if (kind === 'broad') {
      params.set('q', pick(random, random() < 0.5 ? COMMON_WORDS : TRADE_WORDS).toLowerCase());
      if (random() < 0.4) params.set('region', pick(random, BENCH_REGIONS).slug);
    } else if (kind === 'category_region') {
      params.set('category', pick(random, CATEGORY_SLUGS));
      params.set('region', pick(random, BENCH_REGIONS).slug);
    } else {
      params.set('q', typo(pick(random, random() < 0.5 ? brands : TRADE_WORDS), random));
    }
    params.set('seed', String(Math.floor(random() * 16)));
    const page = 1 + Math.floor(random() * 3);
    if (page > 1) params.set('page', String(page));
    if (random() < 0.2) params.set('lang', 'sw');
    paths.push(`/api/search?${params.toString()}`);
  }
  return { paths, kinds, kindOf };
}

function runLoad(input: LoadInput): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: input });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The load worker exited with code ${code}`));
    });
  });
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xxShare: number;
}

function percentiles(latencies: readonly number[]) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) =>
    sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function summarise(label: string, result: LoadResult): Figures {
  const figures = {
    rps: result.rps,
    ...percentiles(result.latencies),
    non2xxShare:
      result.requests === 0 ? 1 : (result.non2xx + result.errors) / (result.requests + result.errors),
  };
  say(
    `${label}: ${result.requests} requests, ${Math.round(figures.rps)} req/s, latency p50 ${figures.p50.toFixed(2)} ms, ` +
      `p95 ${figures.p95.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms`,
  );
  for (const [kind, latencies] of Object.entries(result.byKind)) {
    const part = percentiles(latencies);
    say(
      `  ${kind}: ${latencies.length} requests, p50 ${part.p50.toFixed(2)} ms, p95 ${part.p95.toFixed(2)} ms, ` +
        `p99 ${part.p99.toFixed(2)} ms`,
    );
  }
  say(
    `${label}: status ${JSON.stringify(result.statusCounts)}, non-2xx ${result.non2xx}, errors ${result.errors}, ` +
      `timeouts ${result.timeouts}`,
  );
  return figures;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

const close = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

async function main(): Promise<number> {
  say(
    `Search benchmark: ${BUSINESSES} businesses, ${CONNECTIONS} connections, ${SECONDS} s per run, ` +
      `${os.cpus().length} CPUs`,
  );
  const server = await databaseServer();
  const name = `tafuta_bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  await adminQuery(server.adminUrl, `create database ${pg.escapeIdentifier(name)}`);
  const url = databaseUrl(server.adminUrl, name);
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-bench-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Tafuta</title>');
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_URL: 'https://tafuta.ke',
    WEB_DIST_PATH: webDist,
    DATABASE_URL: url,
  });
  // The generator's connections are closed before the app opens its own pool (DATABASE_POOL_MAX, as in
  // production), so BENCH_PROFILE_SQL sees the load's statements only.
  const generator = createDatabase(url, 4);
  let database: ReturnType<typeof createDatabase> | undefined;
  const logger = createLogger({ level: 'error', console: true });
  const servers: http.Server[] = [];
  let sessionStore: ReturnType<typeof postgresSessionStore> | undefined;
  let redis: { quit(): Promise<unknown> } | undefined;
  try {
    const started = Date.now();
    await migrateToLatest(generator.db);
    await seedReferenceData(generator.db);
    await ensureBenchRegions(generator.db);
    const brands = brandWords(Math.max(500, Math.floor(BUSINESSES / 5)), prng(SEED + 1));
    await insertBusinesses(generator.db, {
      count: BUSINESSES,
      seed: SEED,
      brands,
      onProgress: (done) => {
        if (done % 20_000 < 1_500 || done === BUSINESSES) say(`  ${done} businesses`);
      },
    });
    say(
      `Generated ${BUSINESSES} businesses in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${name})`,
    );

    await generator.db.destroy();
    database = createDatabase(url, config.database.poolMax);
    const sqlReport = process.env.BENCH_PROFILE_SQL ? profileSql(database.pool) : undefined;
    const services = createServices({ config, db: database.db, logger, version: 'bench' });
    let rateLimitStores: RateLimitStoreFactory = postgresStoreFactory(database.db);
    if (process.env.REDIS_URL) {
      const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
      redis = client;
      await client.connect();
      rateLimitStores = redisStoreFactory((args) => client.sendCommand(args));
    }
    say(`Rate-limit counters in ${redis ? 'Redis' : 'PostgreSQL'}`);
    sessionStore = postgresSessionStore(database.pool, () => undefined);
    const app = buildApp({
      config,
      db: database.db,
      pool: database.pool,
      logger,
      rateLimitStores,
      version: 'bench',
      startedAt: Date.now(),
      sessionStore,
      notifier: services.notifier,
      directoryEvents: services.directoryEvents,
      simulators: undefined,
    });
    const appServer = http.createServer(app);
    servers.push(appServer);
    const appUrl = await listen(appServer);

    const probe = await fetch(`${appUrl}/api/search?q=${encodeURIComponent(brands[0]!)}`, {
      headers: { 'x-forwarded-for': '192.0.2.1' },
    });
    say(`Probe GET /api/search → ${probe.status}`);

    // BENCH_PATHS (comma-separated) replaces the mix, to see where the time goes (e.g. /api/regions).
    const { paths, kinds, kindOf } = process.env.BENCH_PATHS
      ? { paths: process.env.BENCH_PATHS.split(','), kinds: { fixed: 1 }, kindOf: undefined }
      : requestMix(200_000, brands, prng(SEED + 2));
    say(`Request mix (${new Set(paths).size} distinct of ${paths.length}): ${JSON.stringify(kinds)}`);
    const search = summarise(
      'search',
      await runLoad({
        url: appUrl,
        paths,
        kinds: kindOf,
        seconds: SECONDS,
        connections: CONNECTIONS,
        addressPool: 1 << 22,
      }),
    );

    const hello = express();
    hello.get('/hello', (_req, res) => {
      res.send('Hello, world');
    });
    const helloServer = http.createServer(hello);
    servers.push(helloServer);
    const helloUrl = await listen(helloServer);
    const bare = summarise(
      'hello',
      await runLoad({
        url: helloUrl,
        paths: ['/hello'],
        seconds: SECONDS,
        connections: CONNECTIONS,
        addressPool: 1 << 22,
      }),
    );
    if (sqlReport) {
      say('SQL time during the search run (count × mean = total, by statement start):');
      for (const line of sqlReport()) say(`  ${line}`);
    }
    say(`search/hello throughput ratio: ${(search.rps / bare.rps).toFixed(3)}`);

    if (search.non2xxShare > MAX_NON_2XX || bare.non2xxShare > MAX_NON_2XX) {
      process.stderr.write(
        `INVALID RUN: ${(search.non2xxShare * 100).toFixed(1)} % of search and ${(bare.non2xxShare * 100).toFixed(1)} % ` +
          `of hello requests were not 2xx (limit ${MAX_NON_2XX * 100} %); the figures above measure refusals.\n`,
      );
      return 1;
    }
    say(
      `RESULT search p50_ms=${search.p50.toFixed(2)} p95_ms=${search.p95.toFixed(2)} p99_ms=${search.p99.toFixed(2)} ` +
        `rps=${Math.round(search.rps)} hello_rps=${Math.round(bare.rps)} businesses=${BUSINESSES}`,
    );
    return 0;
  } finally {
    await Promise.all(servers.map(close));
    (sessionStore as { close?: () => void } | undefined)?.close?.();
    await redis?.quit();
    await (database ?? generator).db.destroy().catch(() => undefined);
    if (process.env.BENCH_KEEP_DATABASE && server.external) {
      say(`Kept database ${name} for EXPLAIN ANALYZE (drop it when done)`);
    } else {
      await adminQuery(server.adminUrl, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    }
    await server.stop();
    fs.rmSync(webDist, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
