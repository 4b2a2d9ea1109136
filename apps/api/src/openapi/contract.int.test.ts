import type { Express } from 'express';
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  browser,
  registrationBody,
  safePhone,
  STAFF_PASSWORD,
  staffMember,
  verifiedAccount,
} from '../test/identity-flows.js';
import { useIdentityHarness } from '../test/identity-harness.js';
import { findOperation, operations } from './registry.js';

/**
 * API-15's contract tests: the running app serves exactly the routes the description lists, and real
 * replies parse with the schema documented for their status, without undocumented fields.
 */

const { database, harness } = useIdentityHarness();

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every method and path the app routes, read from Express 5's router stack (`app.router`). */
function mountedRoutes(app: Express): string[] {
  const root = (app as unknown as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } }).router;
  const stack = root?.stack ?? (app as unknown as { _router?: { stack: Layer[] } })._router?.stack;
  if (!stack) throw new Error('Cannot find the router stack of this Express version');
  const routes: string[] = [];
  const walk = (layers: Layer[], prefix: string) => {
    for (const layer of layers) {
      if (layer.route) {
        const paths = [layer.route.path].flat();
        for (const path of paths) {
          if (typeof path !== 'string') {
            // A pattern route (the web app's SPA fallback) is a page; one under /api could not be documented.
            if (prefix.startsWith('/api')) throw new Error(`Pattern route under ${prefix}: ${String(path)}`);
            continue;
          }
          for (const method of Object.keys(layer.route.methods).filter((name) => name !== '_all')) {
            routes.push(`${method.toUpperCase()} ${prefix}${path}`);
          }
        }
      } else if (layer.handle?.stack) {
        if (typeof layer.rawPath !== 'string') throw new Error(`Router mounted on a pattern under ${prefix}`);
        walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`);
      }
    }
  };
  walk(stack, '');
  return routes;
}

const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keys of the reply that parsing dropped, i.e. that no schema names (`data.user.password_hash`). */
function undocumentedKeys(actual: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(actual) && Array.isArray(kept)) {
    return actual.flatMap((item, index) => undocumentedKeys(item, kept[index], `${at}[${index}]`));
  }
  if (!isRecord(actual) || !isRecord(kept)) return [];
  return Object.keys(actual).flatMap((key) => {
    const path = at ? `${at}.${key}` : key;
    return key in kept ? undocumentedKeys(actual[key], kept[key], path) : [path];
  });
}

/**
 * The contract check: the status is documented for the operation, and the body parses with that status's
 * schema. Parsing drops keys a schema does not name, so whatever the parsed copy lacks is undocumented.
 */
function expectDocumented(method: string, path: string, response: Response): void {
  const op = findOperation(method, path);
  const where = `${method} ${path} → ${response.status}`;
  expect(op, `${method} ${path} is not in the registry`).toBeDefined();
  const spec = op!.responses[response.status];
  expect(spec, `${where} is not documented`).toBeDefined();
  if (!spec!.schema) {
    expect(response.text ?? '', `${where} should have an empty body`).toBe('');
    return;
  }
  const parsed = spec!.schema.safeParse(response.body);
  expect(parsed.error?.issues ?? [], `${where}: ${JSON.stringify(response.body)}`).toEqual([]);
  expect(undocumentedKeys(response.body, parsed.data), `${where} carries undocumented fields`).toEqual([]);
  if (spec!.codes)
    expect(spec!.codes, where).toContain((response.body as { error: { code: string } }).error.code);
}

describe('the routes the app serves', () => {
  it('are exactly the documented operations', () => {
    const served = mountedRoutes(harness.app)
      .filter((route) => route.split(' ')[1]!.startsWith('/api/'))
      .map((route) => {
        const [method, path] = route.split(' ');
        return `${method} ${openApiPath(path!)}`;
      });
    const documented = operations.map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(served.length).toBeGreaterThan(0);
    expect(
      served.filter((route) => !documented.includes(route)),
      'served but not documented',
    ).toEqual([]);
    expect(
      documented.filter((route) => !served.includes(route)),
      'documented but not served',
    ).toEqual([]);
    expect(new Set(served).size, 'a route is mounted twice').toBe(served.length);
  });
});

describe('real replies match the documented schemas', () => {
  it('health and the current terms', async () => {
    const client = browser(harness);
    expectDocumented('GET', '/api/health', await client.get('/api/health').expect(200));
    expectDocumented('GET', '/api/terms/current', await client.get('/api/terms/current').expect(200));
  });

  it('sign-up, sign-in, the current user and sign-out', async () => {
    const agent = browser(harness);
    const phone = safePhone();
    const registered = await agent.post('/api/auth/register').send(registrationBody(phone)).expect(201);
    expectDocumented('POST', '/api/auth/register', registered);

    const wrong = await agent.post('/api/auth/verify-otp').send({ phone, code: '000000' }).expect(401);
    expectDocumented('POST', '/api/auth/verify-otp', wrong);
    expect(wrong.body.error.code).toBe('OTP_INVALID');

    const code = harness.lastCode(phone);
    const verified = await agent.post('/api/auth/verify-otp').send({ phone, code }).expect(200);
    expectDocumented('POST', '/api/auth/verify-otp', verified);

    expectDocumented('GET', '/api/users/me', await agent.get('/api/users/me').expect(200));
    expectDocumented(
      'PATCH',
      '/api/users/me/preferences',
      await agent.patch('/api/users/me/preferences').send({ marketing_sms_opt_in: true }).expect(200),
    );
    expectDocumented(
      'GET',
      '/api/users/me/notifications',
      await agent.get('/api/users/me/notifications?limit=5').expect(200),
    );
    const refused = await agent.patch('/api/users/me').send({ status: 'active' }).expect(400);
    expectDocumented('PATCH', '/api/users/me', refused);
    expect(refused.body.error.details).toEqual([{ field: 'status', code: 'not_allowed' }]);

    expectDocumented('POST', '/api/auth/logout', await agent.post('/api/auth/logout').expect(200));
    const signedOut = await agent.get('/api/users/me').expect(401);
    expectDocumented('GET', '/api/users/me', signedOut);
  });

  it('an invalid phone and a missing session', async () => {
    const client = browser(harness);
    const invalid = await client.post('/api/auth/register').send(registrationBody('12345')).expect(400);
    expectDocumented('POST', '/api/auth/register', invalid);
    expect(invalid.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });

    const anonymous = await client.get('/api/users/me').expect(401);
    expectDocumented('GET', '/api/users/me', anonymous);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
  });

  it('staff sign-in and a staff action on a user', async () => {
    const db = database.current.db;
    const { email } = await staffMember(db, 'admin');
    const staff = browser(harness);
    const signedIn = await staff
      .post('/api/admin/auth/login')
      .send({ email, password: STAFF_PASSWORD })
      .expect(200);
    expectDocumented('POST', '/api/admin/auth/login', signedIn);

    const { userId } = await verifiedAccount(db, { consent: true });
    const suspended = await staff
      .post(`/api/admin/users/${userId}/suspend`)
      .send({ reason: 'Contract test: reported fraud' })
      .expect(200);
    expectDocumented('POST', '/api/admin/users/{id}/suspend', suspended);
    expect(suspended.body.data).toMatchObject({ user_id: userId, status: 'suspended' });

    const missing = await staff
      .delete('/api/admin/users/not-a-uuid')
      .send({ reason: 'Contract test: no such user', confirm: '0712345678' })
      .expect(404);
    expectDocumented('DELETE', '/api/admin/users/{id}', missing);
  });

  it('a refused SMS delivery report and the dev outbox', async () => {
    const client = browser(harness);
    const refused = await client
      .post('/api/integrations/sms/vintex/delivery?token=wrong-token')
      .send({ message_id: 'abc', status: 'delivered' })
      .expect(403);
    expectDocumented('POST', '/api/integrations/sms/{provider}/delivery', refused);
    expectDocumented('GET', '/api/dev/outbox', await client.get('/api/dev/outbox?limit=3').expect(200));
  });
});
