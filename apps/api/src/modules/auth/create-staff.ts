import type { Kysely } from 'kysely';
import { z } from 'zod';
import { email as emailSchema, fullName } from '@tafuta/contracts';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import { passwordProblems } from '../../lib/password.js';
import { hashPassword } from './passwords.js';

export class StaffSetupError extends Error {
  override name = 'StaffSetupError';
}

export interface CreateStaffInput {
  email: string;
  phone: string;
  role: StaffRoleName;
  /** Needed only when no account uses the phone yet (ADM-021). */
  name?: string | undefined;
  password: string;
  /** ADM-023: a second super admin from the command line needs --force. */
  force?: boolean;
}

/**
 * ADM-023's bootstrap: links the staff account to the person's user account (creating it if needed) and
 * writes a system audit row. Used by `npm run admin:create`; later staff come through the back office.
 */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: CreateStaffInput,
): Promise<{ userId: string; adminUserId: string; createdUser: boolean }> {
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
    const taken = await trx
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('login_email', '=', email.data)
      .executeTakeFirst();
    if (taken) throw new StaffSetupError(`A staff account already uses ${email.data}`);

    let user = await trx
      .selectFrom('users')
      .select(['user_id', 'status'])
      .where('phone', '=', phone)
      .executeTakeFirst();
    let createdUser = false;
    if (!user) {
      const name = fullName.safeParse(input.name ?? '');
      if (!name.success)
        throw new StaffSetupError("No account uses this phone yet: give the person's --name");
      user = await trx
        .insertInto('users')
        .values({ full_name: name.data, phone })
        .returning(['user_id', 'status'])
        .executeTakeFirstOrThrow();
      createdUser = true;
    }
    if (user.status === 'suspended' || user.status === 'deleted') {
      throw new StaffSetupError(`The account using this phone is ${user.status}`);
    }
    const staffAlready = await trx
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('user_id', '=', user.user_id)
      .executeTakeFirst();
    if (staffAlready) throw new StaffSetupError('This person already has a staff account (ADM-022)');

    const admin = await trx
      .insertInto('admin_users')
      .values({
        user_id: user.user_id,
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
      newValue: { user_id: user.user_id, role: input.role, via: 'command_line' },
    });
    return { userId: user.user_id, adminUserId: admin.admin_user_id, createdUser };
  });
}
