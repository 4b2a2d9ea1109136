import crypto from 'node:crypto';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleName } from '../../db/schema.js';
import { operations } from '../../openapi/registry.js';
import { signedInPerson } from '../../test/business-kit.js';
import { createBusiness } from '../../test/factories.js';
import { browser, OTP_TEST_CODE, useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * ADM-740 / ADM-003, row by row: every staff endpoint called by each staff role, a public session and no
 * session. Allowed roles get past the guard (the empty body or unknown id then answers 400/404, so nothing
 * changes); lower roles get 403 FORBIDDEN with an `access_denied` audit row for that very request
 * (ADM-006); a public session and no session get 401.
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000' },
});
const staff = {
  support_staff: useStaffSession(harness, database, 'support_staff'),
  admin: useStaffSession(harness, database, 'admin'),
  super_admin: useStaffSession(harness, database, 'super_admin'),
};
const db = () => database.current.db;

type Min = 'support_staff' | 'admin' | 'super_admin';
const ROLES: StaffRoleName[] = ['support_staff', 'admin', 'super_admin'];
const RANK: Record<StaffRoleName, number> = { support_staff: 1, admin: 2, super_admin: 3 };

interface Row {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path; `{id}`-style parameters are filled with an unknown UUID, or the test business. */
  path: string;
  min: Min;
  /** The ADM-003 line the row checks, for the failure message. */
  area: string;
  /** A body that passes validation where a handler validates before it checks the role. */
  body?: Record<string, unknown>;
}

/** §15 and ADM-003 (ERRATA 8 applied): the minimum staff role of each staff endpoint. */
const MATRIX: Row[] = [
  // Users (ADM-200..208)
  { method: 'get', path: '/api/admin/users', min: 'support_staff', area: 'view users' },
  { method: 'get', path: '/api/admin/users/{id}', min: 'support_staff', area: 'view users' },
  { method: 'post', path: '/api/admin/users/{id}/unlock', min: 'support_staff', area: 'unlock' },
  { method: 'post', path: '/api/admin/users/{id}/suspend', min: 'admin', area: 'suspend user' },
  { method: 'post', path: '/api/admin/users/{id}/reinstate', min: 'admin', area: 'reinstate user' },
  { method: 'delete', path: '/api/admin/users/{id}', min: 'admin', area: 'delete user' },
  { method: 'patch', path: '/api/admin/users/{id}/verification', min: 'admin', area: 'user tier' },
  { method: 'post', path: '/api/admin/users/{id}/phone-change/start', min: 'admin', area: 'change phone' },
  { method: 'post', path: '/api/admin/users/{id}/phone-change/confirm', min: 'admin', area: 'change phone' },
  { method: 'get', path: '/api/admin/users/{id}/data-export', min: 'admin', area: 'export user data' },
  // Approval and businesses (ADM-100..176)
  { method: 'get', path: '/api/admin/businesses/pending', min: 'support_staff', area: 'view queue' },
  { method: 'post', path: '/api/admin/businesses/{id}/approve', min: 'support_staff', area: 'approve' },
  { method: 'post', path: '/api/admin/businesses/{id}/reject', min: 'support_staff', area: 'reject' },
  { method: 'get', path: '/api/admin/businesses', min: 'support_staff', area: 'view businesses' },
  { method: 'get', path: '/api/admin/businesses/{id}', min: 'support_staff', area: 'view businesses' },
  { method: 'post', path: '/api/admin/businesses/{id}/suspend', min: 'admin', area: 'suspend business' },
  { method: 'post', path: '/api/admin/businesses/{id}/reinstate', min: 'admin', area: 'reinstate business' },
  {
    method: 'post',
    path: '/api/admin/businesses/{id}/out-of-business',
    min: 'admin',
    area: 'out of business',
  },
  {
    method: 'post',
    path: '/api/admin/businesses/{id}/back-in-business',
    min: 'admin',
    area: 'out of business',
  },
  { method: 'delete', path: '/api/admin/businesses/{id}', min: 'admin', area: 'soft delete business' },
  { method: 'patch', path: '/api/admin/businesses/{id}/verification', min: 'admin', area: 'business tier' },
  { method: 'post', path: '/api/admin/businesses/{id}/subscriptions', min: 'admin', area: 'grant service' },
  {
    method: 'post',
    path: '/api/admin/businesses/{id}/transfer-ownership',
    min: 'admin',
    area: 'transfer ownership',
  },
  // Shared business endpoints with a staff session (ERRATA 9): members and ownership are Admin+.
  { method: 'get', path: '/api/businesses/{business}/users', min: 'support_staff', area: 'view members' },
  {
    method: 'post',
    path: '/api/businesses/{business}/users',
    min: 'admin',
    area: 'manage business users',
    // The role decides which staff column applies, so this endpoint reads the body first; nobody has
    // this phone, so an allowed caller gets 404 and nothing changes.
    body: { phone: '0799 000 001', role: 'employee', reason: 'Matrix check, no change' },
  },
  // Catalogue (ADM-250..255, ADM-460)
  { method: 'get', path: '/api/admin/categories', min: 'support_staff', area: 'view categories' },
  { method: 'post', path: '/api/admin/categories', min: 'admin', area: 'manage categories' },
  { method: 'patch', path: '/api/admin/categories/{id}', min: 'admin', area: 'manage categories' },
  { method: 'get', path: '/api/admin/regions', min: 'support_staff', area: 'view regions' },
  { method: 'post', path: '/api/admin/regions', min: 'super_admin', area: 'manage regions' },
  { method: 'patch', path: '/api/admin/regions/{id}', min: 'super_admin', area: 'manage regions' },
  { method: 'get', path: '/api/admin/fees', min: 'super_admin', area: 'fee schedule' },
  { method: 'post', path: '/api/admin/fees', min: 'super_admin', area: 'fee schedule' },
  { method: 'patch', path: '/api/admin/fees/{id}', min: 'super_admin', area: 'fee schedule' },
  // Money (ADM-300..353, ADM-710 paths)
  { method: 'get', path: '/api/admin/discounts', min: 'support_staff', area: 'view discounts' },
  { method: 'post', path: '/api/discounts', min: 'admin', area: 'manage discounts' },
  { method: 'patch', path: '/api/discounts/{id}', min: 'admin', area: 'manage discounts' },
  { method: 'delete', path: '/api/discounts/{id}', min: 'admin', area: 'manage discounts' },
  { method: 'get', path: '/api/admin/refunds', min: 'support_staff', area: 'view refunds' },
  { method: 'get', path: '/api/refunds/{request_id}', min: 'support_staff', area: 'view refunds' },
  { method: 'post', path: '/api/refunds/request', min: 'admin', area: 'refunds' },
  { method: 'patch', path: '/api/refunds/{request_id}/approve', min: 'admin', area: 'refunds' },
  { method: 'patch', path: '/api/refunds/{request_id}/reject', min: 'admin', area: 'refunds' },
  { method: 'patch', path: '/api/refunds/{request_id}/complete', min: 'admin', area: 'refunds' },
  { method: 'patch', path: '/api/subscriptions/{id}/adjust', min: 'admin', area: 'adjust subscriptions' },
  { method: 'get', path: '/api/admin/transactions', min: 'support_staff', area: 'view transactions' },
  { method: 'get', path: '/api/admin/transactions/{tx_id}', min: 'support_staff', area: 'view transactions' },
  {
    method: 'post',
    path: '/api/admin/transactions/{tx_id}/resolve',
    min: 'admin',
    area: 'resolve needs attention',
    body: { note: 'Checked against the PesaPal dashboard' },
  },
  { method: 'get', path: '/api/admin/services/active', min: 'support_staff', area: 'view subscriptions' },
  {
    method: 'post',
    path: '/api/admin/services/{subscription_id}/premium-review',
    min: 'admin',
    area: 'premium review',
    body: { outcome: 'pass', note: 'Shop visited, details correct' },
  },
  {
    method: 'post',
    path: '/api/admin/services/{subscription_id}/remind',
    min: 'support_staff',
    area: 'renewal reminder',
  },
  { method: 'get', path: '/api/admin/dashboard', min: 'support_staff', area: 'dashboard' },
  { method: 'get', path: '/api/admin/activity', min: 'support_staff', area: 'dashboard' },
  // Logs, messaging and analytics (ADM-400..622)
  { method: 'get', path: '/api/admin/auth-logs', min: 'support_staff', area: 'view auth logs' },
  { method: 'get', path: '/api/admin/audit-logs', min: 'support_staff', area: 'view audit logs' },
  { method: 'get', path: '/api/admin/notifications/templates', min: 'support_staff', area: 'view templates' },
  {
    method: 'put',
    path: '/api/admin/notifications/templates/{key}/{channel}/{language}',
    min: 'super_admin',
    area: 'edit templates',
  },
  { method: 'post', path: '/api/admin/notifications/preview', min: 'admin', area: 'send notification' },
  { method: 'post', path: '/api/admin/notifications/send', min: 'admin', area: 'send notification' },
  { method: 'get', path: '/api/admin/notifications/broadcasts', min: 'support_staff', area: 'history' },
  { method: 'get', path: '/api/admin/notifications/broadcasts/{id}', min: 'support_staff', area: 'history' },
  { method: 'get', path: '/api/admin/notifications/log', min: 'support_staff', area: 'message log' },
  { method: 'get', path: '/api/admin/analytics', min: 'support_staff', area: 'analytics' },
  { method: 'get', path: '/api/admin/analytics/export', min: 'admin', area: 'export analytics' },
  { method: 'get', path: '/api/admin/health-metrics', min: 'support_staff', area: 'system health' },
  // System (ADM-450..456, ADM-024..028)
  { method: 'get', path: '/api/admin/system/config', min: 'super_admin', area: 'view configuration' },
  { method: 'get', path: '/api/admin/system/admins', min: 'super_admin', area: 'staff accounts' },
  { method: 'get', path: '/api/admin/system/admins/{id}', min: 'super_admin', area: 'staff accounts' },
  { method: 'post', path: '/api/admin/system/admins', min: 'super_admin', area: 'staff accounts' },
  { method: 'patch', path: '/api/admin/system/admins/{id}', min: 'super_admin', area: 'staff accounts' },
  { method: 'delete', path: '/api/admin/system/admins/{id}', min: 'super_admin', area: 'staff accounts' },
];

let businessId = '';
/** Public sessions, taken in turn: one person may make only 60 requests a minute (RL-02). */
const publicAgents: TestAgent[] = [];

beforeAll(async () => {
  const owner = await signedInPerson(harness, db());
  businessId = (await createBusiness(db(), { ownerId: owner.userId, status: 'active' })).business_id;
  publicAgents.push(owner.agent);
  for (let i = 0; i < 2; i += 1) publicAgents.push((await signedInPerson(harness, db())).agent);
});

function concretePath(row: Row): string {
  return row.path.replace('{business}', businessId).replace(/\{[a-z_]+\}/g, () => crypto.randomUUID());
}

function call(agent: TestAgent, row: Row, path: string) {
  const request = agent[row.method](path);
  // An empty JSON body: allowed callers stop at validation, so the row changes nothing.
  return row.method === 'get' ? request : request.send(row.body ?? {});
}

async function accessDeniedFor(response: Response) {
  return db()
    .selectFrom('audit_logs')
    .select(['actor_id', 'actor_role', 'new_value'])
    .where('action', '=', 'access_denied')
    .where('request_id', '=', String(response.headers['x-request-id']))
    .execute();
}

describe('the staff permission matrix (ADM-003, ADM-740)', () => {
  it('has a row for every staff endpoint in the registry', () => {
    const covered = new Set(MATRIX.map((row) => `${row.method} ${row.path}`));
    const missing = operations
      .filter((op) => op.security === 'staff')
      .map((op) => `${op.method} ${op.path}`)
      .filter((route) => !covered.has(route));
    expect(missing, 'add these endpoints to MATRIX with their ADM-003 role').toEqual([]);
  });

  describe.each(MATRIX)('$method $path ($area, $min and above)', (row) => {
    it('lets the allowed roles through, refuses and audits the others, and wants a staff session', async () => {
      for (const role of ROLES) {
        const session = staff[role];
        const path = concretePath(row);
        const response = await call(session.agent, row, path);
        if (RANK[role] >= RANK[row.min]) {
          expect([401, 403], `${role} ${row.method} ${path}: ${JSON.stringify(response.body)}`).not.toContain(
            response.status,
          );
          expect(await accessDeniedFor(response)).toEqual([]);
        } else {
          expect(response.status, `${role} ${row.method} ${path}`).toBe(403);
          expect(response.body.error.code).toBe('FORBIDDEN');
          const denied = await accessDeniedFor(response);
          expect(denied, `${role} ${row.method} ${path}: one access_denied row`).toHaveLength(1);
          expect(denied[0]).toMatchObject({ actor_id: session.userId, actor_role: role });
          expect(denied[0]!.new_value).toMatchObject({ method: row.method.toUpperCase(), path });
        }
      }
      // A public (SMS-code) session never carries staff powers (LGN-05, ERRATA 18).
      const publicAgent = publicAgents[MATRIX.indexOf(row) % publicAgents.length]!;
      const asPublic = await call(publicAgent, row, concretePath(row));
      if (row.path.startsWith('/api/businesses/')) {
        // A member's own session is not a staff question there; a stranger is told nothing (404).
        expect(asPublic.status).not.toBe(401);
      } else {
        expect(asPublic.status, `public ${row.method} ${row.path}`).toBe(401);
        expect(asPublic.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
      }
      const anonymous = await call(browser(harness), row, concretePath(row));
      expect(anonymous.status, `anonymous ${row.method} ${row.path}`).toBe(401);
    });
  });

  it('reads the role from the database on every request: a demoted admin is refused at once (ADM-004)', async () => {
    const { staffSession } = await import('../../test/identity-flows.js');
    const session = await staffSession(harness, db(), 'admin');
    expect((await session.agent.get('/api/admin/users/' + crypto.randomUUID() + '/data-export')).status).toBe(
      404,
    );
    await db()
      .updateTable('admin_users')
      .set({ role: 'support_staff' })
      .where('user_id', '=', session.userId)
      .execute();
    const refused = await session.agent.get(`/api/admin/users/${crypto.randomUUID()}/data-export`);
    expect(refused.status).toBe(403);
    expect(await accessDeniedFor(refused)).toHaveLength(1);
  });
});
