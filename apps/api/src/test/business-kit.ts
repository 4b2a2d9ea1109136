import type { Kysely } from 'kysely';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Database, StaffRoleName } from '../db/schema.js';
import { findOperation } from '../openapi/registry.js';
import { createBusiness } from './factories.js';
import { browser, signInWithTestCode, staffSession, verifiedAccount } from './identity-flows.js';
import type { IdentityHarness } from './identity-harness.js';

/** Shared steps of the businesses module's integration tests (the harness runs with OTP_TEST_CODE). */

type Db = Kysely<Database>;

export interface SignedIn {
  agent: TestAgent;
  userId: string;
  phone: string;
}

/** A person with an unrestricted account (terms accepted), signed in to a user session. */
export async function signedInPerson(harness: IdentityHarness, db: Db): Promise<SignedIn> {
  const { userId, phone } = await verifiedAccount(db, { consent: true });
  const agent = await signInWithTestCode(harness, phone, browser(harness));
  return { agent, userId, phone };
}

export type Cast = Record<'owner' | 'admin' | 'employee' | 'stranger', SignedIn> &
  Record<'support' | 'staffAdmin', SignedIn> & { businessId: string; businessName: string };

/** A business with one person in each business role, a stranger, and staff at two levels, all signed in. */
export async function castFor(
  harness: IdentityHarness,
  db: Db,
  options: { status?: 'pending' | 'active'; staff?: Pick<Cast, 'support' | 'staffAdmin'> } = {},
): Promise<Cast> {
  const owner = await signedInPerson(harness, db);
  const business = await createBusiness(db, { ownerId: owner.userId, status: options.status ?? 'active' });
  const people: Partial<Cast> = { owner };
  for (const role of ['admin', 'employee'] as const) {
    const person = await signedInPerson(harness, db);
    await db
      .insertInto('user_business_roles')
      .values({ user_id: person.userId, business_id: business.business_id, role, created_by: owner.userId })
      .execute();
    people[role] = person;
  }
  const staff = async (role: StaffRoleName): Promise<SignedIn> => {
    const session = await staffSession(harness, db, role);
    return { agent: session.agent, userId: session.userId, phone: '' };
  };
  return {
    ...(people as Pick<Cast, 'owner' | 'admin' | 'employee'>),
    stranger: await signedInPerson(harness, db),
    // Staff sessions cost a password check each, so a test that builds many casts may share them.
    support: options.staff?.support ?? (await staff('support_staff')),
    staffAdmin: options.staff?.staffAdmin ?? (await staff('admin')),
    businessId: business.business_id,
    businessName: business.business_name,
  };
}

/** API-15: the reply parses with the schema the registry documents for its status. */
export function expectDocumented(method: string, path: string, response: Response): void {
  const op = findOperation(method, path);
  if (!op) throw new Error(`${method} ${path} is not in the registry`);
  const spec = op.responses[response.status];
  if (!spec?.schema) throw new Error(`${method} ${path} → ${response.status} is not documented`);
  const parsed = spec.schema.safeParse(response.body);
  if (!parsed.success) {
    throw new Error(
      `${method} ${path} → ${response.status}: ${JSON.stringify(parsed.error.issues)} in ${JSON.stringify(response.body)}`,
    );
  }
  if (spec.codes) {
    const code = (response.body as { error: { code: string } }).error.code;
    if (!spec.codes.includes(code as never)) throw new Error(`${method} ${path}: ${code} is not documented`);
  }
}

export async function businessRow(db: Db, businessId: string) {
  return db
    .selectFrom('businesses')
    .selectAll()
    .where('business_id', '=', businessId)
    .executeTakeFirstOrThrow();
}

export async function queuedNotices(db: Db, templateKey: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('in_app_notifications')
    .select(['user_id', 'type'])
    .where('type', '=', templateKey)
    .where('user_id', 'in', userIds)
    .execute();
}

export async function auditRows(db: Db, action: string, entityId: string) {
  return db
    .selectFrom('audit_logs')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .execute();
}
