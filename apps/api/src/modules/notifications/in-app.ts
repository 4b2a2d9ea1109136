import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';

/** EP-ME-11: newest first, with the unread count the badge shows. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: string,
  options: { page: number; limit: number; unreadOnly: boolean },
) {
  let base = db.selectFrom('in_app_notifications').where('user_id', '=', userId);
  if (options.unreadOnly) base = base.where('read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    base
      .select(['notification_id', 'type', 'title', 'body', 'link', 'created_at', 'read_at'])
      .orderBy('created_at', 'desc')
      .orderBy('notification_id')
      .limit(options.limit)
      .offset((options.page - 1) * options.limit)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('in_app_notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      ...row,
      created_at: isoSeconds(row.created_at),
      read_at: row.read_at ? isoSeconds(row.read_at) : null,
    })),
    total: total.n,
    unreadCount: unread.n,
  };
}

/** EP-ME-12: marks the given ids (only the caller's own) or all as read; returns what is left unread. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: string,
  ids: string[] | 'all',
): Promise<number> {
  let update = db
    .updateTable('in_app_notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') update = update.where('notification_id', 'in', ids);
  await update.execute();
  const unread = await db
    .selectFrom('in_app_notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return unread.n;
}
