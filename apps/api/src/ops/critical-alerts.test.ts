import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../http/logger.js';
import { createMailgunClient } from '../integrations/email/mailgun.js';
import { createMailgunSimulator } from '../integrations/email/simulator.js';
import { startSimulatorServer, type SimulatorServer } from '../integrations/simulator-server.js';
import { createMemoryLogger } from '../test/memory-logger.js';
import { createAlertMailer, type AlertMail, type AlertMailer } from './alert-mail.js';
import {
  createCriticalAlerter,
  criticalAlertTransport,
  fileAlertStateStore,
  type CriticalAlerterOptions,
  type CriticalEvent,
} from './critical-alerts.js';

const HOUR = 60 * 60_000;
const START = Date.parse('2026-03-02T07:00:00.000Z');
const ADMINS = ['super@tafuta.test', 'ops@tafuta.test'];

/** A mailer that keeps what would be sent; `failing` makes every send reach no one. */
function fakeMailer() {
  const mails: (AlertMail & { to: readonly string[] })[] = [];
  const state = { failing: false };
  const mailer: AlertMailer = (recipients, mail) => {
    if (state.failing)
      return Promise.resolve({ recipients: recipients.length, sent: 0, failed: recipients.length });
    mails.push({ ...mail, to: recipients });
    return Promise.resolve({ recipients: recipients.length, sent: recipients.length, failed: 0 });
  };
  return { mailer, mails, state };
}

function setup(overrides: Partial<CriticalAlerterOptions> = {}) {
  const clock = { now: START };
  const fake = fakeMailer();
  const alerter = createCriticalAlerter({
    mailer: fake.mailer,
    recipients: () => Promise.resolve(ADMINS),
    now: () => clock.now,
    sweepIntervalMs: 0,
    ...overrides,
  });
  return { clock, alerter, ...fake };
}

const dbDown: CriticalEvent = {
  message: 'Notification delivery job failed',
  errorCode: '57P01',
  error: { name: 'DatabaseError', message: 'terminating connection due to administrator command' },
  fields: { job: 'notifications-deliver' },
};

describe('critical-error alerts (ADM-513)', () => {
  it('turns a storm of one error into one email at once and one digest when the hour closes', async () => {
    const { clock, alerter, mails } = setup();
    for (let i = 0; i < 100; i++) {
      alerter.report(dbDown);
      clock.now += 500; // 100 errors within 50 seconds
    }
    await alerter.settled();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'critical_error', to: ADMINS });
    expect(mails[0]!.subject).toBe('Critical error: Notification delivery job failed');
    expect(mails[0]!.text).toContain('Error code: 57P01');
    expect(mails[0]!.text).toContain('DatabaseError: terminating connection due to administrator command');
    expect(mails[0]!.text).toContain('"job": "notifications-deliver"');

    // Within the hour nothing more goes out, even when the sweep runs.
    clock.now = START + HOUR - 1_000;
    await alerter.flushDue();
    expect(mails).toHaveLength(1);

    clock.now = START + HOUR;
    await alerter.flushDue();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Critical error repeated 99 more times: Notification delivery job failed');
    expect(mails[1]!.text).toContain('99 more occurrences since the last email about it');
    expect(mails[1]!.text).toContain('2026-03-02T07:00:00.000Z');

    // A quiet hour after the digest: nothing, and the error is forgotten.
    clock.now = START + 2 * HOUR + 1;
    await alerter.flushDue();
    expect(mails).toHaveLength(2);
    alerter.report(dbDown);
    await alerter.settled();
    expect(mails).toHaveLength(3);
    expect(mails[2]!.subject).toBe('Critical error: Notification delivery job failed');
  });

  it('keeps sending at most one email an hour while a storm goes on', async () => {
    const { clock, alerter, mails } = setup();
    for (let minute = 0; minute < 3 * 60; minute++) {
      clock.now = START + minute * 60_000;
      alerter.report(dbDown);
      await alerter.flushDue();
    }
    await alerter.settled();
    // Immediate at 0:00, digests at 1:00 and 2:00 (the 2:59 repeats wait for 3:00).
    expect(mails.map((mail) => mail.subject.split(':')[0])).toEqual([
      'Critical error',
      'Critical error repeated 59 more times',
      'Critical error repeated 60 more times',
    ]);
  });

  it('emails a different error on its own at once', async () => {
    const { alerter, mails } = setup();
    alerter.report(dbDown);
    alerter.report(dbDown);
    alerter.report({
      message: 'Uncaught exception; exiting',
      error: { name: 'TypeError', message: 'x is undefined' },
    });
    // The same log message with a different underlying error is a different error too.
    alerter.report({
      message: 'Uncaught exception; exiting',
      error: { name: 'RangeError', message: 'bad length' },
    });
    // …but ids and numbers in a message do not make one distinct.
    alerter.report({ ...dbDown, error: { name: 'DatabaseError', message: 'terminating connection 42' } });
    alerter.report({ ...dbDown, error: { name: 'DatabaseError', message: 'terminating connection 43' } });
    await alerter.settled();
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Critical error: Notification delivery job failed',
      'Critical error: Uncaught exception; exiting',
      'Critical error: Uncaught exception; exiting',
      'Critical error: Notification delivery job failed',
    ]);
  });

  it('holds back a storm of many distinct errors after ten, and sends them as one digest', async () => {
    const { clock, alerter, mails } = setup();
    for (let i = 0; i < 25; i++) alerter.report({ message: `Job ${String.fromCharCode(65 + i)} failed` });
    await alerter.settled();
    expect(mails).toHaveLength(10);
    clock.now = START + HOUR;
    await alerter.flushDue();
    expect(mails).toHaveLength(11);
    expect(mails[10]!.subject).toBe('Critical errors: 15 occurrences of 15 errors in the last hour');
    expect(mails[10]!.text).toContain('- Job Y failed');
    expect(mails[10]!.text).toContain('1 occurrence, not emailed before');
  });

  it('carries an alert whose email failed into the digest', async () => {
    const { clock, alerter, mails, state } = setup();
    state.failing = true;
    alerter.report(dbDown);
    await alerter.settled();
    expect(mails).toHaveLength(0);
    state.failing = false;
    clock.now = START + HOUR;
    await alerter.flushDue();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Critical error (1×): Notification delivery job failed');
    expect(mails[0]!.text).toContain('DatabaseError: terminating connection');
  });

  it('reads only error entries flagged critical from the logger, and keeps secrets out of the email', async () => {
    const { alerter, mails } = setup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-alert-log-'));
    const logger = createLogger({ level: 'info', dir, console: false });
    logger.add(criticalAlertTransport(alerter));

    logger.error('Could not write an audit-log row', { err: new Error('not critical') });
    logger.warn('A critical-looking warning', { critical: true });
    logger.info('Not even an error', { critical: true });
    await alerter.settled();
    expect(mails).toHaveLength(0);

    const error = Object.assign(new Error('insert failed for +254712345678'), { code: '23505' });
    logger.error('Payment confirmation failed', {
      critical: true,
      err: error,
      authorization: 'Bearer sk-live-very-secret',
      password: 'hunter2-secret',
      body: { token: 'raw-body-token' },
      payment_id: 'pay_123',
    });
    await new Promise((resolve) => setImmediate(resolve));
    await alerter.settled();
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text;
    expect(text).toContain('Message: Payment confirmation failed');
    expect(text).toContain('Error code: 23505');
    expect(text).toContain('Error: insert failed for +254712***678');
    expect(text).toContain('"payment_id": "pay_123"');
    expect(text).toContain('Stack:');
    for (const secret of ['sk-live-very-secret', 'hunter2-secret', 'raw-body-token', '345678']) {
      expect(text).not.toContain(secret);
    }
    logger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shares the hour through the state file: a restarted process does not email the same crash again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-alert-state-'));
    const file = path.join(dir, 'critical-alerts.json');
    const crash = { message: 'Uncaught exception; exiting', error: { name: 'TypeError', message: 'boom' } };
    const first = setup({ store: fileAlertStateStore(file) });
    first.alerter.report(crash);
    await first.alerter.settled();
    expect(first.mails).toHaveLength(1);

    // Five restarts, each dying of the same exception a few seconds later.
    const later = setup({ store: fileAlertStateStore(file) });
    for (let restart = 0; restart < 5; restart++) {
      const worker = setup({ store: fileAlertStateStore(file) });
      worker.clock.now = START + (restart + 1) * 5_000;
      worker.alerter.report(crash);
      await worker.alerter.settled();
      expect(worker.mails).toHaveLength(0);
      worker.alerter.stop();
    }
    later.clock.now = START + HOUR;
    await later.alerter.flushDue();
    expect(later.mails).toHaveLength(1);
    expect(later.mails[0]!.subject).toBe('Critical error repeated 5 more times: Uncaught exception; exiting');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveProperty('windows');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('falls back to memory when the state file cannot be written, still alerting', async () => {
    const problems: unknown[] = [];
    const blocker = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-alert-blocked-'));
    fs.writeFileSync(path.join(blocker, 'not-a-dir'), '');
    const { alerter, mails } = setup({
      store: fileAlertStateStore(path.join(blocker, 'not-a-dir', 'state.json'), (error) =>
        problems.push(error),
      ),
    });
    alerter.report(dbDown);
    alerter.report(dbDown);
    await alerter.settled();
    expect(mails).toHaveLength(1);
    expect(problems).toHaveLength(1);
    fs.rmSync(blocker, { recursive: true, force: true });
  });
});

describe('critical-error alerts through the real Mailgun client (simulator on loopback)', () => {
  const API_KEY = 'mg-alert-test-key';
  const simulator = createMailgunSimulator({ apiKey: API_KEY, signingKey: 'signing-key', eventDelayMs: 0 });
  let server: SimulatorServer;

  beforeAll(async () => {
    server = await startSimulatorServer(simulator.router);
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends one email per admin, tagged critical_error', async () => {
    const memory = createMemoryLogger();
    const email = createMailgunClient({
      baseUrl: server.url,
      apiKey: API_KEY,
      domain: 'mg.tafuta.ke',
      from: 'Tafuta <no-reply@mg.tafuta.ke>',
      version: '0.0.0-test',
      logger: memory.logger,
    });
    const clock = { now: START };
    const alerter = createCriticalAlerter({
      mailer: createAlertMailer({ email, logger: memory.logger }),
      recipients: () => Promise.resolve(ADMINS),
      now: () => clock.now,
      sweepIntervalMs: 0,
      origin: 'test on host ci',
    });
    for (let i = 0; i < 20; i++) alerter.report(dbDown);
    await alerter.settled();
    const sent = simulator.messages();
    expect(sent.map((mail) => mail.to).sort()).toEqual([...ADMINS].sort());
    expect(sent[0]).toMatchObject({
      subject: '[Tafuta] Critical error: Notification delivery job failed',
      tags: ['critical_error', 'staff'],
      options: { tracking: 'no' },
    });
    expect(sent[0]!.text).toContain('on test on host ci');
    expect(sent[0]!.variables.notification_id).toMatch(/^critical_error-[0-9a-f-]{36}$/);

    clock.now = START + HOUR;
    await alerter.flushDue();
    expect(simulator.messages()).toHaveLength(4);
    expect(simulator.messages()[0]!.subject).toContain('repeated 19 more times');
  });
});
