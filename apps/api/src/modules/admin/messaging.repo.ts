import { sql, type Kysely, type Transaction } from 'kysely';
import type { BroadcastDraft, MessageLogQuery } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import type { InstantRange } from './time-range.js';

type Db = Kysely<Database> | Transaction<Database>;

/** SQL of staff messaging (admin.md §12.4–12.5). */

export interface BroadcastRecipient {
  user_id: string;
  full_name: string;
  nickname: string | null;
  phone: string | null;
  email: string | null;
  email_bouncing_at: Date | null;
  language_preference: string;
  marketing_sms_opt_in: boolean;
  marketing_email_opt_in: boolean;
  business_name: string | null;
}

export async function configValue(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('system_config').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/**
 * ADM-520/521: all_users = active users; all_owners = active users owning a non-deleted business (its
 * name for {business_name}: the first by name); business = its Owners and business Admins; user = one.
 * Deleted people never receive anything (ADM-504), and marketing goes to active accounts only.
 */
export async function broadcastRecipients(db: Db, draft: BroadcastDraft): Promise<BroadcastRecipient[]> {
  const audience = draft.audience;
  const statuses = draft.category === 'marketing' ? ['active'] : ['active', 'deactivated', 'suspended'];
  let builder = db
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.user_id')
    .select([
      'u.user_id',
      'u.full_name',
      'u.nickname',
      'u.phone',
      'u.email',
      'u.email_bouncing_at',
      'u.language_preference',
      sql<boolean>`coalesce(p.marketing_sms_opt_in, false)`.as('marketing_sms_opt_in'),
      sql<boolean>`coalesce(p.marketing_email_opt_in, false)`.as('marketing_email_opt_in'),
    ]);
  if (audience.type === 'all_users') {
    builder = builder.where('u.status', '=', 'active');
    return (
      await builder
        .select(sql<null>`null`.as('business_name'))
        .orderBy('u.user_id')
        .execute()
    ).map((row) => ({ ...row, business_name: null }));
  }
  if (audience.type === 'user') {
    builder = builder.where('u.user_id', '=', audience.id!).where('u.status', 'in', statuses as never[]);
    return (await builder.select(sql<null>`null`.as('business_name')).execute()).map((row) => ({
      ...row,
      business_name: null,
    }));
  }
  const roles = audience.type === 'business' ? ['owner', 'admin'] : ['owner'];
  const rows = await builder
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('user_business_roles as r')
          .innerJoin('businesses as b', 'b.business_id', 'r.business_id')
          .select(['r.user_id', sql<string>`min(b.business_name)`.as('business_name')])
          .where('r.is_deleted', '=', false)
          .where('r.role', 'in', roles as never[])
          .where('b.status', '<>', 'deleted')
          .$if(audience.type === 'business', (qb) => qb.where('b.business_id', '=', audience.id!))
          .groupBy('r.user_id')
          .as('owned'),
      (join) => join.onRef('owned.user_id', '=', 'u.user_id'),
    )
    .select('owned.business_name')
    .where('u.status', 'in', (audience.type === 'all_owners' ? ['active'] : statuses) as never[])
    .orderBy('u.user_id')
    .execute();
  return rows;
}

export function broadcastByKey(db: Db, createdBy: string, idempotencyKey: string) {
  return db
    .selectFrom('broadcasts')
    .selectAll()
    .where('created_by', '=', createdBy)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export function recentIdenticalBroadcast(db: Db, requestHash: string, since: Date) {
  return db
    .selectFrom('broadcasts')
    .select(['broadcast_id', 'created_at'])
    .where('request_hash', '=', requestHash)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export function listBroadcasts(db: Db, page: { limit: number; offset: number; id?: string }) {
  return db
    .selectFrom('broadcasts as b')
    .leftJoin('users as s', 's.user_id', 'b.created_by')
    .selectAll('b')
    .select('s.full_name as sender_name')
    .$if(page.id !== undefined, (qb) => qb.where('b.broadcast_id', '=', page.id!))
    .orderBy('b.created_at', 'desc')
    .orderBy('b.broadcast_id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countBroadcasts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('broadcasts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** ADM-526: per broadcast, channel and status, how many messages and what the SMS actually cost. */
export function broadcastDeliveryCounts(db: Db, broadcastIds: string[]) {
  if (broadcastIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notification_log')
    .select([
      'broadcast_id',
      'channel',
      'status',
      sql<number>`count(*)::int`.as('n'),
      sql<number>`coalesce(sum(cost_cents), 0)::bigint`.as('cost_cents'),
    ])
    .where('broadcast_id', 'in', broadcastIds)
    .groupBy(['broadcast_id', 'channel', 'status'])
    .execute();
}

function messageLogSource(db: Db, query: MessageLogQuery, range: InstantRange) {
  let builder = db
    .selectFrom('notification_log')
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to);
  if (query.user_id) builder = builder.where('user_id', '=', query.user_id);
  if (query.broadcast_id) builder = builder.where('broadcast_id', '=', query.broadcast_id);
  if (query.channel) builder = builder.where('channel', '=', query.channel);
  if (query.status) builder = builder.where('status', '=', query.status);
  if (query.category) builder = builder.where('category', '=', query.category);
  if (query.template_key) builder = builder.where('template_key', '=', query.template_key);
  if (query.recipient) builder = builder.where('recipient', '=', query.recipient);
  return builder;
}

export async function messageLogPage(db: Db, query: MessageLogQuery, range: InstantRange) {
  const [count, rows] = await Promise.all([
    messageLogSource(db, query, range)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    messageLogSource(db, query, range)
      .select([
        'notification_id',
        'user_id',
        'broadcast_id',
        'template_key',
        'category',
        'channel',
        'language',
        'recipient',
        'subject',
        'body',
        'status',
        'skip_reason',
        'provider_message_id',
        'error',
        'segments',
        'cost_cents',
        'created_at',
        'sent_at',
        'delivered_at',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('notification_id', 'desc')
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}
