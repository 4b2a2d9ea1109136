import type { Kysely } from 'kysely';
import { z } from 'zod';
import { email as emailSchema } from '@tafuta/contracts';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import { passwordProblems } from '../../lib/password.js';
import { hashPassword } from './passwords.js';
import { staffCandidate, type StaffCandidate } from './staff-candidate.js';

export class StaffSetupError extends Error {
  override name = 'StaffSetupError';
}

export interface CreateStaffInput {
  email: string;
  phone: string;
  role: StaffRoleName;
  password: string;
  /** ADM-023: a second super admin from the command line needs --force. */
  force?: boolean;
}

/** The staff-candidate refusals, worded for the person running the command. */
function refusalText(candidate: Exclude<StaffCandidate, { ok: true }>, email: string): string {
  switch (candidate.problem) {
    case 'email_taken':
      return `A staff account already uses ${email}`;
    case 'phone_not_verified':
      return 'No verified account uses this phone: the person first registers on the site with it (and the SMS code), then run this again';
    case 'account_not_active':
      return `The account using this phone is ${candidate.status}`;
    case 'already_staff':
      return 'This person already has a staff account (ADM-022)';
  }
}

/**
 * ADM-023's bootstrap: links a staff account to the person's verified user account and writes a system
 * audit row. Used by `npm run admin:create`; later staff come through the back office.
 */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: CreateStaffInput,
): Promise<{ userId: string; adminUserId: string }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new StaffSetupError('--email is not a valid email address');
  const phone = normaliseKenyanMobile(input.phone);
  if (!phone) throw new StaffSetupError('--phone is not a Kenyan mobile number (e.g. 0712 345 678)');
  if (!z.enum(['super_admin', 'admin', 'support_staff']).safeParse(input.role).success) {
    throw new StaffSetupError('--role must be super_admin, admin or support_staff');
  }
  const problems = passwordProblems(input.password, { staff: true, email: email.data });
  if (problems.length > 0) {
    throw new StaffSetupError(
      `The password does not meet the staff rules (at least 12 characters, an upper-case letter, a digit, ` +
        `a special character, not containing the email name): ${problems.join(', ')}`,
    );
  }
  const passwordHash = await hashPassword(input.password);

  return db.transaction().execute(async (trx) => {
    if (input.role === 'super_admin' && !input.force) {
      const existing = await trx
        .selectFrom('admin_users')
        .select('admin_user_id')
        .where('role', '=', 'super_admin')
        .where('is_active', '=', true)
        .executeTakeFirst();
      if (existing)
        throw new StaffSetupError('An active super admin already exists; add --force to create another');
    }
    const candidate = await staffCandidate(trx, { email: email.data, phone });
    if (!candidate.ok) throw new StaffSetupError(refusalText(candidate, email.data));

    const admin = await trx
      .insertInto('admin_users')
      .values({
        user_id: candidate.userId,
        login_email: email.data,
        role: input.role,
        password_hash: passwordHash,
        password_set_at: new Date(),
      })
      .returning('admin_user_id')
      .executeTakeFirstOrThrow();
    await writeAuditInTransaction(trx, {
      actorId: null,
      actorRole: null,
      action: 'admin_user_created',
      entityType: 'admin_user',
      entityId: admin.admin_user_id,
      newValue: { user_id: candidate.userId, role: input.role, via: 'command_line' },
    });
    return { userId: candidate.userId, adminUserId: admin.admin_user_id };
  });
}
