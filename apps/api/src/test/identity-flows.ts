import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { beforeAll } from 'vitest';
import type { Database, StaffRoleName } from '../db/schema.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { currentVersions, recordConsent } from '../modules/terms/terms.repo.js';
import { createUser, uniquePhone } from './factories.js';
import type { IdentityHarness } from './identity-harness.js';
import { standIn } from './stand-in.js';

/**
 * The steps the identity tests take again and again: numbers the SMS simulator delivers to, browsers with
 * their own address, accounts, sign-up, sign-in and staff sessions. Each one asserts what it relies on
 * (`.expect(…)`), so a broken step fails the test that used it.
 */

type Db = Kysely<Database>;

/** The fixed code the harness accepts when started with `{ env: { OTP_TEST_CODE } }` (OTP-11). */
export const OTP_TEST_CODE = '424242';

/** The password every staff member made by staffMember() signs in with. */
export const STAFF_PASSWORD = 'Ofisi-ya-Tafuta-2024!';

/** Endings the SMS simulator fails on purpose: 0000 an invalid number, 0500 a provider error, and so on. */
export type SimulatedFailure = '0000' | '0001' | '0402' | '0500';
const SIMULATED_FAILURE = /(0000|0001|0402|0500)$/;

/** A unique Kenyan mobile number that the SMS simulator delivers to normally (none of its failure endings). */
export function safePhone(): string {
  for (;;) {
    const phone = uniquePhone();
    if (!SIMULATED_FAILURE.test(phone)) return phone;
  }
}

/** A unique number with one of the simulator's failure endings, to provoke that outcome. */
export function failingPhone(ending: SimulatedFailure): string {
  return `+2547${crypto.randomInt(1000, 10_000)}${ending}`;
}

let addresses = 0;
/**
 * A cookie-keeping browser with its own X-Forwarded-For address (198.51.100.x, one per call within a test
 * file), so the per-IP limits that one test runs into never touch another.
 */
export function browser(harness: Pick<IdentityHarness, 'agent'>): TestAgent {
  addresses += 1;
  return harness.agent().set('X-Forwarded-For', `198.51.100.${addresses}`);
}

export interface AccountOptions {
  /** Stored as a bcrypt hash, so the account can also sign in with a password. */
  password?: string;
  email?: string | null;
  /** Accept the current terms and privacy policy, as registration does (else CONSENT_REQUIRED, REG-10). */
  consent?: boolean;
}

/**
 * A signed-up account whose phone is verified (tier basic), written straight to the database: quicker than
 * signUp() where the sign-up itself is not what a test is about.
 */
export async function verifiedAccount(
  db: Db,
  options: AccountOptions = {},
): Promise<{ userId: string; phone: string }> {
  const phone = safePhone();
  const user = await createUser(db, {
    phone,
    phone_verified_at: new Date(),
    verification_tier: 'basic',
    email: options.email ?? null,
    ...(options.password ? { password_hash: await hashPassword(options.password) } : {}),
  });
  if (options.consent) {
    await recordConsent(db, {
      userId: user.user_id,
      versionIds: (await currentVersions(db)).map((version) => version.version_id),
      ip: null,
      userAgent: null,
      context: 'registration',
    });
  }
  return { userId: user.user_id, phone };
}

/** A valid POST /api/auth/register body accepting the current terms (1.0), with the given fields changed. */
export function registrationBody(phone: string, overrides: Record<string, unknown> = {}) {
  return {
    phone,
    full_name: 'Wanjiru Kamau',
    terms_version: '1.0',
    privacy_version: '1.0',
    marketing_sms_opt_in: false,
    marketing_email_opt_in: false,
    ...overrides,
  };
}

export interface SignUpOptions {
  /** Defaults to a fresh browser(harness). */
  agent?: TestAgent;
  /** Defaults to a fresh safePhone(). */
  phone?: string;
  /** Fields of registrationBody() to change. */
  body?: Record<string, unknown>;
}

/**
 * Signs up through the public API as a person would: registers (201), then verifies with the code the
 * simulator received (200). The agent holds the new session.
 */
export async function signUp(
  harness: IdentityHarness,
  options: SignUpOptions = {},
): Promise<{ agent: TestAgent; phone: string; userId: string; code: string }> {
  const agent = options.agent ?? browser(harness);
  const phone = options.phone ?? safePhone();
  const registered = await agent
    .post('/api/auth/register')
    .send(registrationBody(phone, options.body))
    .expect(201);
  const code = harness.lastCode(phone);
  await agent.post('/api/auth/verify-otp').send({ phone, code }).expect(200);
  const { data } = registered.body as { data: { user_id: string } };
  return { agent, phone, userId: data.user_id, code };
}

/** Passwordless sign-in (LGN-01): asks for a code (200) and enters the one the simulator received (200). */
export async function signInByCode(
  harness: IdentityHarness,
  phone: string,
  agent: TestAgent = browser(harness),
): Promise<TestAgent> {
  await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
  await agent
    .post('/api/auth/verify-otp')
    .send({ phone, code: harness.lastCode(phone) })
    .expect(200);
  return agent;
}

/** Sign-in in one request with OTP_TEST_CODE, for a harness started with `{ env: { OTP_TEST_CODE } }`. */
export async function signInWithTestCode(
  harness: IdentityHarness,
  phone: string,
  agent: TestAgent = browser(harness),
): Promise<TestAgent> {
  await agent.post('/api/auth/verify-otp').send({ phone, code: OTP_TEST_CODE }).expect(200);
  return agent;
}

/** The last session cookie (`tafuta_session=…; attributes`) a response sets, if any. */
export function sessionCookie(setCookie: unknown): string | undefined {
  const cookies = Array.isArray(setCookie) ? (setCookie as string[]) : [];
  return cookies.filter((cookie) => cookie.startsWith('tafuta_session=')).at(-1);
}

/**
 * Ends the 60-second send window for a phone without waiting: earlier codes move back 61 s and the shared
 * cool-down counter's window closes. Also needed between two refused sends, because the limiter takes a
 * refused request back only after the reply has gone out.
 */
export async function endCooldown(db: Db, phone: string): Promise<void> {
  await sql`update otp_codes set created_at = created_at - interval '61 seconds' where phone = ${phone}`.execute(
    db,
  );
  await sql`update rate_limit_counters set reset_at = now() where key = ${`otp-phone-60s:${phone}`}`.execute(
    db,
  );
}

/**
 * A staff member: an ordinary verified account plus an admin_users row with its own email and
 * STAFF_PASSWORD (AUTH-02, ERRATA 7). Not signed in.
 */
export async function staffMember(db: Db, role: StaffRoleName, options: { isActive?: boolean } = {}) {
  const { userId, phone } = await verifiedAccount(db);
  const email = `staff-${crypto.randomBytes(4).toString('hex')}@tafuta.ke`;
  const row = await db
    .insertInto('admin_users')
    .values({
      user_id: userId,
      login_email: email,
      password_hash: await hashPassword(STAFF_PASSWORD),
      role,
      is_active: options.isActive ?? true,
    })
    .returning('admin_user_id')
    .executeTakeFirstOrThrow();
  return { userId, phone, email, adminUserId: row.admin_user_id };
}

/** A staff member signed in to a staff session by email and password (200), in a browser of their own. */
export async function staffSession(
  harness: IdentityHarness,
  db: Db,
  role: StaffRoleName,
): Promise<{ agent: TestAgent; userId: string; email: string }> {
  const { userId, email } = await staffMember(db, role);
  const agent = browser(harness);
  await agent.post('/api/admin/auth/login').send({ email, password: STAFF_PASSWORD }).expect(200);
  return { agent, userId, email };
}

export type StaffSession = Awaited<ReturnType<typeof staffSession>>;

/**
 * One staff session for the whole test file, opened in beforeAll (after the harness has started). The
 * returned object stands in for it inside tests.
 */
export function useStaffSession(
  harness: IdentityHarness,
  database: { readonly current: { db: Db } },
  role: StaffRoleName,
): StaffSession {
  let session: StaffSession | undefined;
  beforeAll(async () => {
    session = await staffSession(harness, database.current.db, role);
  });
  const current = () => {
    if (!session) throw new Error('The staff session is only available inside tests');
    return session;
  };
  return standIn(current);
}

/** The ids of a user's sessions that are not revoked (still usable unless they have expired). */
export function liveSessions(db: Db, userId: string) {
  return db
    .selectFrom('user_sessions')
    .select('session_id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The first auth-log event of a kind for a user; throws, failing the test, when there is none. */
export function authLogEntry(db: Db, userId: string, eventType: string) {
  return db
    .selectFrom('auth_logs')
    .select('metadata')
    .where('user_id', '=', userId)
    .where('event_type', '=', eventType)
    .executeTakeFirstOrThrow();
}
