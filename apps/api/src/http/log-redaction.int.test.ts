import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/app.js';
import { useTestDatabase } from '../test/database.js';
import { closeLogger, createLogger } from './logger.js';

const database = useTestDatabase();

const SECRETS = {
  password: 'Sup3r-Secret-Pass!',
  otp: '482913',
  bearer: 'tok-SECRET-bearer-77',
  cookie: 'cookie-SECRET-value-88',
  queryToken: 'tok-QUERY-SECRET-99',
  idempotencyKey: '7d0c5a1e-idem-SECRET',
  phone: '0712345678',
  canonicalPhone: '+254712345678',
};

async function readWhenWritten(file: string, mustContain: string[]): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const content = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (mustContain.every((text) => content.includes(text)) || Date.now() > deadline) return content;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('log redaction (SEC-05, ALOG-03, PHN-07)', () => {
  it('keeps passwords, OTPs, tokens, cookies and full phone numbers out of app.log and error.log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-logs-'));
    const logger = createLogger({ level: 'debug', dir, console: false });
    const app = buildTestApp(database.current.db, { logger });

    const login = await request(app)
      .post('/api/auth/login')
      .set('Authorization', `Bearer ${SECRETS.bearer}`)
      .set('Cookie', `tafuta_session=${SECRETS.cookie}`)
      .set('Idempotency-Key', SECRETS.idempotencyKey)
      .send({ phone: SECRETS.phone, password: SECRETS.password, otp: SECRETS.otp });
    const verify = await request(app).get(
      `/api/auth/verify?phone=${encodeURIComponent(SECRETS.canonicalPhone)}&code=${SECRETS.otp}&token=${SECRETS.queryToken}`,
    );
    const malformed = await request(app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"password":"${SECRETS.password}", "code": "${SECRETS.otp}"`);
    expect(malformed.status).toBe(400);

    // Module code logging carelessly must still not leak: the logger itself redacts.
    const parserError = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      body: `{"password":"${SECRETS.password}"`,
    });
    logger.error('Could not send OTP', {
      phone: SECRETS.canonicalPhone,
      code: SECRETS.otp,
      request: { headers: { authorization: `Bearer ${SECRETS.bearer}` }, password: SECRETS.password },
      err: parserError,
    });
    await closeLogger(logger);

    const requestIds = [login, verify, malformed].map((response) => String(response.headers['x-request-id']));
    const appLog = await readWhenWritten(path.join(dir, 'app.log'), requestIds);
    const errorLog = await readWhenWritten(path.join(dir, 'error.log'), ['Could not send OTP']);

    for (const id of requestIds) expect(appLog).toContain(id);
    expect(appLog).toContain('/api/auth/verify?phone=***&code=***&token=***');
    expect(errorLog).toContain('+254712***678');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(appLog, `app.log leaks ${name}`).not.toContain(secret);
      expect(errorLog, `error.log leaks ${name}`).not.toContain(secret);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
