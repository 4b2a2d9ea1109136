import { sql, type Kysely } from 'kysely';
import type { AdminUserDetail, AdminUserRow, AdminUsersQuery } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import { likePattern } from './businesses.repo.js';

/** The staff user list and detail (ADM-200/201, EP-ADM-20/21). */

type Db = Kysely<Database>;
const iso = (date: Date | null) => (date ? isoSeconds(date) : null);

function baseQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('admin_users as a', 'a.user_id', 'u.user_id')
    .select([
      'u.user_id',
      'u.full_name',
      'u.status',
      'u.phone',
      'u.email',
      'u.verification_tier',
      'u.created_at',
      'u.locked_until',
      'a.role as staff_role',
      'a.is_active as staff_active',
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

async function businessCounts(db: Db, userIds: string[]) {
  const counts = new Map<string, AdminUserRow['business_counts']>();
  if (userIds.length === 0) return counts;
  const rows = await db
    .selectFrom('user_business_roles as r')
    .innerJoin('businesses as b', 'b.business_id', 'r.business_id')
    .select(['r.user_id', 'r.role', (eb) => eb.fn.countAll<string>().as('n')])
    .where('r.user_id', 'in', userIds)
    .where('r.is_deleted', '=', false)
    .where('b.status', '!=', 'deleted')
    .groupBy(['r.user_id', 'r.role'])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.user_id) ?? { owner: 0, admin: 0, employee: 0 };
    entry[row.role] = Number(row.n);
    counts.set(row.user_id, entry);
  }
  return counts;
}

function toRow(row: BaseRow, counts: Map<string, AdminUserRow['business_counts']>): AdminUserRow {
  return {
    user_id: row.user_id,
    full_name: row.full_name,
    status: row.status,
    phone: row.phone,
    email: row.email,
    verification_tier: row.verification_tier,
    created_at: isoSeconds(row.created_at),
    locked_until: iso(row.locked_until),
    has_staff_account: row.staff_role !== null,
    business_counts: counts.get(row.user_id) ?? { owner: 0, admin: 0, employee: 0 },
  };
}

export async function searchUsers(db: Db, query: AdminUsersQuery, testPrefixes: readonly string[]) {
  let base = baseQuery(db);
  // ADM-701: deleted (anonymised) people appear only when asked for.
  base = query.status ? base.where('u.status', '=', query.status) : base.where('u.status', '!=', 'deleted');
  if (query.verification_tier) base = base.where('u.verification_tier', '=', query.verification_tier);
  if (query.locked === 'yes') base = base.where('u.locked_until', '>', sql<Date>`now()`);
  if (query.locked === 'no') {
    base = base.where((eb) =>
      eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', sql<Date>`now()`)]),
    );
  }
  if (query.has_staff_account) {
    base = base.where('a.admin_user_id', query.has_staff_account === 'yes' ? 'is not' : 'is', null);
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    const phone = normaliseKenyanMobile(query.q, { testPrefixes });
    base = base.where((eb) =>
      eb.or([
        eb('u.full_name', 'ilike', pattern),
        eb('u.nickname', 'ilike', pattern),
        eb('u.email', 'ilike', pattern),
        phone ? eb('u.phone', '=', phone) : eb('u.phone', 'like', likePattern(query.q!.replace(/\s/g, ''))),
      ]),
    );
  }
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const page = await base
    .orderBy('u.created_at', 'desc')
    .orderBy('u.user_id')
    .limit(query.limit)
    .offset((query.page - 1) * query.limit)
    .execute();
  const counts = await businessCounts(
    db,
    page.map((row) => row.user_id),
  );
  return { rows: page.map((row) => toRow(row, counts)), total: Number(total.n) };
}

export async function userDetail(db: Db, userId: string): Promise<AdminUserDetail> {
  const row = await baseQuery(db)
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.user_id')
    .select([
      'u.nickname',
      'u.language_preference',
      'u.physical_address',
      'u.phone_verified_at',
      'u.status_changed_at',
      'u.status_reason',
      'u.last_login_at',
      'u.last_active_at',
      'u.failed_otp_streak',
      'u.failed_password_streak',
      'p.marketing_sms_opt_in',
      'p.marketing_email_opt_in',
    ])
    .where('u.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such user');
  const [counts, consents, businesses, messages, lastLogin] = await Promise.all([
    businessCounts(db, [userId]),
    db
      .selectFrom('user_terms_consent as c')
      .innerJoin('terms_versions as t', 't.version_id', 'c.version_id')
      .select(['t.document_type', 't.version_number', 'c.consented_at'])
      .where('c.user_id', '=', userId)
      .orderBy('c.consented_at', 'desc')
      .execute(),
    db
      .selectFrom('user_business_roles as r')
      .innerJoin('businesses as b', 'b.business_id', 'r.business_id')
      .select(['b.business_id', 'b.business_name', 'b.status', 'r.role'])
      .where('r.user_id', '=', userId)
      .where('r.is_deleted', '=', false)
      .orderBy('b.business_name')
      .execute(),
    db
      .selectFrom('notification_log')
      .select(['notification_id', 'template_key', 'channel', 'status', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('auth_logs')
      .select(sql<string | null>`metadata->>'method'`.as('method'))
      .where('user_id', '=', userId)
      .where('event_type', '=', 'login_success')
      .orderBy('timestamp', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    ...toRow(row, counts),
    nickname: row.nickname,
    language_preference: row.language_preference,
    physical_address: row.physical_address,
    phone_verified_at: iso(row.phone_verified_at),
    status_changed_at: isoSeconds(row.status_changed_at),
    status_reason: row.status_reason,
    last_login_at: iso(row.last_login_at),
    last_login_method: lastLogin?.method ?? null,
    last_active_at: iso(row.last_active_at),
    failed_otp_streak: row.failed_otp_streak,
    failed_password_streak: row.failed_password_streak,
    staff_account:
      row.staff_role === null ? null : { role: row.staff_role, is_active: row.staff_active ?? false },
    preferences: {
      marketing_sms_opt_in: row.marketing_sms_opt_in ?? false,
      marketing_email_opt_in: row.marketing_email_opt_in ?? false,
    },
    consents: consents.map((consent) => ({
      document_type: consent.document_type,
      version_number: consent.version_number,
      accepted_at: isoSeconds(consent.consented_at),
    })),
    businesses: businesses.map((business) => ({
      business_id: business.business_id,
      business_name: business.business_name,
      status: business.status,
      role: business.role,
    })),
    messages: messages.map((message) => ({
      notification_id: message.notification_id,
      template_key: message.template_key,
      channel: message.channel,
      status: message.status,
      created_at: isoSeconds(message.created_at),
    })),
  };
}
