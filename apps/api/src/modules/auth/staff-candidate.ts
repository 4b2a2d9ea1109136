import { sql, type Transaction } from 'kysely';
import type { UserStatus } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';

/**
 * Who may be given a staff account, whether from the bootstrap command (ADM-023) or the back office
 * (ADM-024): the login email is free (compared as the unique index does, lower-cased), the phone belongs
 * to an account verified by SMS code (ERRATA 7: so nobody can take the staff member's account over by
 * registering the number first, as REG-03 reuses unverified rows), that account is active, and it has no
 * staff account yet (ADM-022). Each caller words the refusal for its own audience.
 */

export type StaffCandidate =
  | { ok: true; userId: string }
  | { ok: false; problem: 'email_taken' | 'phone_not_verified' | 'already_staff' }
  | { ok: false; problem: 'account_not_active'; status: UserStatus };

export async function staffCandidate(
  trx: Transaction<Database>,
  input: { email: string; phone: string },
): Promise<StaffCandidate> {
  const taken = await trx
    .selectFrom('admin_users')
    .select('admin_user_id')
    .where(sql`lower(login_email)`, '=', input.email)
    .executeTakeFirst();
  if (taken) return { ok: false, problem: 'email_taken' };
  const user = await trx
    .selectFrom('users')
    .select(['user_id', 'status', 'phone_verified_at'])
    .where('phone', '=', input.phone)
    .executeTakeFirst();
  if (!user?.phone_verified_at) return { ok: false, problem: 'phone_not_verified' };
  if (user.status !== 'active') return { ok: false, problem: 'account_not_active', status: user.status };
  const staffAlready = await trx
    .selectFrom('admin_users')
    .select('admin_user_id')
    .where('user_id', '=', user.user_id)
    .executeTakeFirst();
  if (staffAlready) return { ok: false, problem: 'already_staff' };
  return { ok: true, userId: user.user_id };
}
