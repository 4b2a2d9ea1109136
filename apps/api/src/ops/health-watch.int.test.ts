import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailgunClient } from '../integrations/email/mailgun.js';
import { createMailgunSimulator } from '../integrations/email/simulator.js';
import { startSimulatorServer, type SimulatorServer } from '../integrations/simulator-server.js';
import { createUser, uniquePhone } from '../test/factories.js';
import { useTestDatabase } from '../test/database.js';
import { createMemoryLogger } from '../test/memory-logger.js';
import { freePort } from '../test/ports.js';
import { activeSuperAdminEmails, alertRecipients, createAlertMailer } from './alert-mail.js';
import { readHealthState, runHealthWatch, type HealthWatchOptions } from './health-monitor.js';

/**
 * The 5-minute health check against a real HTTP server that goes down and comes back, emailing through
 * the real Mailgun client to the simulator on loopback: one email per outage, a reminder every 6 hours,
 * one "recovered" email, with the state kept in a file between runs as cron runs it.
 */

const database = useTestDatabase();
const API_KEY = 'health-watch-mailgun-key';
const mail = createMailgunSimulator({ apiKey: API_KEY, signingKey: 'signing-key', eventDelayMs: 0 });
const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T06:00:00.000Z');

type Mode = 'healthy' | 'unhealthy' | 'hang-up' | 'silent';
let mode: Mode = 'healthy';
let app: http.Server;
let healthUrl: string;
let mailgun: SimulatorServer;
let workDir: string;

beforeAll(async () => {
  mailgun = await startSimulatorServer(mail.router);
  app = http.createServer((req, res) => {
    if (mode === 'hang-up') {
      req.socket.destroy();
      return;
    }
    if (mode === 'silent') return; // accepts, never answers
    const healthy = mode === 'healthy';
    res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        status: healthy ? 'healthy' : 'unhealthy',
        database: healthy ? 'connected' : 'disconnected',
      }),
    );
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/health`;
});

afterAll(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await mailgun.close();
});

beforeEach(() => {
  mail.reset();
  mode = 'healthy';
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-health-'));
});

function watcher(overrides: Partial<HealthWatchOptions> = {}) {
  const memory = createMemoryLogger();
  const email = createMailgunClient({
    baseUrl: mailgun.url,
    apiKey: API_KEY,
    domain: 'mg.tafuta.ke',
    from: 'Tafuta <no-reply@mg.tafuta.ke>',
    version: '0.0.0-test',
    logger: memory.logger,
    backoffBaseMs: 1,
  });
  const clock = { now: T0 };
  const statePath = path.join(workDir, 'health-watch.json');
  const run = (extra: Partial<HealthWatchOptions> = {}) =>
    runHealthWatch({
      url: healthUrl,
      statePath,
      mailer: createAlertMailer({ email, logger: memory.logger }),
      admins: () => Promise.resolve(['super@tafuta.test']),
      now: () => new Date(clock.now),
      logger: memory.logger,
      origin: 'host ci',
      ...overrides,
      ...extra,
    });
  return { run, clock, statePath, memory };
}

const subjects = () => mail.messages().map((message) => message.subject);

describe('health watch', () => {
  it('emails once when the app goes down, reminds after 6 hours, and reports the recovery once', async () => {
    const { run, clock, statePath, memory } = watcher();

    expect(await run()).toMatchObject({ status: 'up', alert: null });
    expect(mail.messages()).toHaveLength(0);

    mode = 'unhealthy';
    clock.now = T0 + 5 * MINUTE;
    expect(await run()).toMatchObject({
      status: 'down',
      alert: 'down',
      delivered: 1,
      problem: 'HTTP 503, status "unhealthy", database disconnected',
    });
    expect(subjects()).toEqual(['[Tafuta] DOWN: Tafuta health check failed']);
    const [down] = mail.messages();
    expect(down).toMatchObject({ to: 'super@tafuta.test', tags: ['health_alert', 'staff'] });
    expect(down!.text).toContain(`The health check ${healthUrl} failed at 2026-03-02T06:05:00.000Z`);
    expect(down!.text).toContain('reminder every 6 hours');
    expect(readHealthState(statePath)).toMatchObject({
      status: 'down',
      since: '2026-03-02T06:05:00.000Z',
      last_alert_at: '2026-03-02T06:05:00.000Z',
    });

    // Still down 5 minutes later (now the connection is simply dropped): nothing new.
    mode = 'hang-up';
    clock.now = T0 + 10 * MINUTE;
    expect(await run()).toMatchObject({ status: 'down', alert: null, delivered: 0 });
    expect(mail.messages()).toHaveLength(1);
    expect(readHealthState(statePath)?.last_problem).toMatch(/^connection failed/);

    // Every 5 minutes for the next 6 hours: still nothing.
    for (let minutes = 15; minutes < 6 * 60 + 5; minutes += 5) {
      clock.now = T0 + minutes * MINUTE;
      await run();
    }
    expect(mail.messages()).toHaveLength(1);

    clock.now = T0 + (6 * 60 + 5) * MINUTE;
    expect(await run()).toMatchObject({ status: 'down', alert: 'reminder', delivered: 1 });
    expect(subjects()[0]).toBe('[Tafuta] STILL DOWN: Tafuta health check failing for 6 h 0 min');
    clock.now = T0 + (6 * 60 + 10) * MINUTE;
    expect(await run()).toMatchObject({ alert: null });
    expect(mail.messages()).toHaveLength(2);

    mode = 'healthy';
    clock.now = T0 + (6 * 60 + 15) * MINUTE;
    expect(await run()).toMatchObject({ status: 'up', alert: 'recovered', delivered: 1 });
    expect(subjects()[0]).toBe('[Tafuta] RECOVERED: Tafuta is healthy again (down 6 h 10 min)');
    expect(mail.messages()[0]!.text).toContain('It was down from 2026-03-02T06:05:00.000Z');
    clock.now = T0 + (6 * 60 + 20) * MINUTE;
    expect(await run()).toMatchObject({ status: 'up', alert: null });
    expect(mail.messages()).toHaveLength(3);
    expect(readHealthState(statePath)).toMatchObject({ status: 'up', since: '2026-03-02T12:15:00.000Z' });

    // One JSON-ready log line per run, at warn while down.
    const checks = memory.lines.filter((line) => line.message === 'health check');
    expect(checks).toHaveLength(77);
    expect(checks[1]).toMatchObject({ level: 'warn', status: 'down', alert: 'down', alert_delivered_to: 1 });
  });

  it('counts no answer within the timeout as down', async () => {
    const { run } = watcher({ timeoutMs: 300 });
    mode = 'silent';
    expect(await run()).toMatchObject({ status: 'down', alert: 'down', problem: 'no answer within 0.3 s' });
    expect(mail.messages()).toHaveLength(1);
  });

  it('tries the down email again on the next run when it reached no one', async () => {
    const { run, clock, statePath } = watcher();
    mode = 'unhealthy';
    mail.setDown(true);
    expect(await run()).toMatchObject({ status: 'down', alert: 'down', delivered: 0 });
    expect(readHealthState(statePath)?.last_alert_at).toBeNull();
    mail.setDown(false);
    clock.now += 5 * MINUTE;
    expect(await run()).toMatchObject({ alert: 'down', delivered: 1 });
    clock.now += 5 * MINUTE;
    expect(await run()).toMatchObject({ alert: null });
    expect(mail.messages()).toHaveLength(1);
  });

  it('alerts the active super admins from the database plus ALERT_EMAILS, and ALERT_EMAILS alone without it', async () => {
    const db = database.current.db;
    const active = await createUser(db, { phone: uniquePhone() });
    const inactive = await createUser(db, { phone: uniquePhone() });
    await db
      .insertInto('admin_users')
      .values([
        { user_id: active.user_id, login_email: 'boss@tafuta.test', role: 'super_admin' },
        { user_id: inactive.user_id, login_email: 'gone@tafuta.test', role: 'super_admin', is_active: false },
      ])
      .execute();
    const { logger } = createMemoryLogger();
    const withDatabase = alertRecipients({
      alertEmails: ['ops@tafuta.test', 'BOSS@tafuta.test'],
      superAdmins: () => activeSuperAdminEmails(db),
      logger,
    });
    const recipients = await withDatabase();
    expect(recipients).toContain('ops@tafuta.test');
    expect(recipients.filter((address) => address.toLowerCase() === 'boss@tafuta.test')).toHaveLength(1);
    expect(recipients).not.toContain('gone@tafuta.test');

    const databaseDown = alertRecipients({
      alertEmails: ['ops@tafuta.test'],
      superAdmins: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      logger,
    });
    expect(await databaseDown()).toEqual(['ops@tafuta.test']);
  });
});

describe('health watch CLI (npm run health:watch)', () => {
  const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
  const cli = fileURLToPath(new URL('./health-watch.ts', import.meta.url));

  function runCli(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cli], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('emails ALERT_EMAILS once when nothing answers and the database is down too, exiting 0', async () => {
    const closedPort = await freePort();
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: workDir,
      HEALTH_URL: `http://127.0.0.1:${closedPort}/api/health`,
      // The whole server is down: the super admins cannot be read, so ALERT_EMAILS is the list.
      DATABASE_URL: `postgres://tafuta@127.0.0.1:${closedPort}/tafuta`,
      MAILGUN_BASE_URL: mailgun.url,
      MAILGUN_API_KEY: API_KEY,
      ALERT_EMAILS: 'ops@tafuta.test',
    };
    const first = await runCli(env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(mail.messages().map((message) => [message.to, message.subject])).toEqual([
      ['ops@tafuta.test', '[Tafuta] DOWN: Tafuta health check failed'],
    ]);
    const lines = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.message === 'health check')).toMatchObject({
      level: 'warn',
      status: 'down',
      alert: 'down',
      alert_delivered_to: 1,
    });
    expect(first.stdout).not.toContain(API_KEY);
    expect(readHealthState(path.join(workDir, 'health-watch.json'))).toMatchObject({ status: 'down' });

    // The next cron run finds the state file: still down, nobody emailed again.
    const second = await runCli(env);
    expect(second.code).toBe(0);
    expect(mail.messages()).toHaveLength(1);
  });
});
