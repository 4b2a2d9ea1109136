import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { consentBody, preferencesBody, profileUpdateBody } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { AppError, invalidInput } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuthLog, type ClientInfo } from '../auth/auth-log.js';
import { assertEmailFree } from '../auth/auth.service.js';
import { recordFailure } from '../auth/lockout.js';
import { assertStrongPassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Notifier } from '../notifications/notifier.js';
import { recordConsent } from '../terms/terms.repo.js';
import { assertCurrentVersions } from '../terms/terms.service.js';
import type { MarketingChannel } from './unsubscribe-token.js';

export interface UsersDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
}

type ConsentSource = 'profile' | 'unsubscribe_link' | 'provider_complaint' | 'staff';

/** USR-04/05: the preference and its evidence row change together, and only when the value changes. */
export async function setMarketingChoice(
  db: Kysely<Database>,
  input: {
    userId: string;
    channel: MarketingChannel;
    optedIn: boolean;
    source: ConsentSource;
    ip: string | null;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const column = input.channel === 'sms' ? 'marketing_sms_opt_in' : 'marketing_email_opt_in';
    const current = await trx
      .selectFrom('notification_preferences')
      .select(column)
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    const before = current ? Boolean((current as Record<string, unknown>)[column]) : false;
    if (current && before === input.optedIn) return false;
    await trx
      .insertInto('notification_preferences')
      .values({ user_id: input.userId, [column]: input.optedIn })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ [column]: input.optedIn }))
      .execute();
    await trx
      .insertInto('marketing_consent_events')
      .values({
        user_id: input.userId,
        channel: input.channel,
        opted_in: input.optedIn,
        source: input.source,
        ip_address: input.ip,
      })
      .execute();
    return true;
  });
}

/** EP-ME-02. */
export async function updateProfile(
  deps: UsersDeps,
  userId: string,
  body: z.infer<typeof profileUpdateBody>,
  client: ClientInfo,
): Promise<void> {
  const before = await deps.db
    .selectFrom('users')
    .select(['email'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const emailChanges = body.email !== undefined && body.email !== before.email;
  if (emailChanges && body.email) await assertEmailFree(deps.db, body.email, userId);
  const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) return;
  try {
    await deps.db
      .updateTable('users')
      .set({ ...changes, ...(emailChanges ? { email_bouncing_at: null } : {}) })
      .where('user_id', '=', userId)
      .execute();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'users_email_key') {
      throw new AppError('EMAIL_ALREADY_USED', 'Another account uses this email', { field: 'email' });
    }
    throw error;
  }
  if (!emailChanges) return;
  if (body.email === null) {
    await setMarketingChoice(deps.db, {
      userId,
      channel: 'email',
      optedIn: false,
      source: 'profile',
      ip: client.ip,
    });
  }
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'email_changed',
    userId,
    email: body.email ?? null,
    client,
    metadata: { by: 'self', removed: body.email === null },
  });
}

/** EP-ME-03 (PWD-05): the caller keeps this session, every other one ends. */
export async function changePassword(
  deps: UsersDeps,
  input: { userId: string; currentPassword: string; newPassword: string; client: ClientInfo },
): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .select(['password_hash', 'phone'])
    .where('user_id', '=', input.userId)
    .executeTakeFirstOrThrow();
  if (user.password_hash === null) {
    throw new AppError('PASSWORD_NOT_SET', 'Set a password with an SMS code first');
  }
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    await recordFailure(deps, {
      userId: input.userId,
      kind: 'password',
      client: input.client,
      phone: user.phone,
    });
    throw new AppError('INVALID_CREDENTIALS', 'The current password is not correct', {
      field: 'current_password',
    });
  }
  assertStrongPassword(input.newPassword, 'new_password');
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: new Date() })
      .where('user_id', '=', input.userId)
      .execute();
    await deps.notifier.enqueue(trx, { userId: input.userId, templateKey: 'password_changed' });
  });
  deps.notifier.nudge();
}

/** EP-ME-06. */
export async function updatePreferences(
  deps: UsersDeps,
  userId: string,
  body: z.infer<typeof preferencesBody>,
  client: ClientInfo,
): Promise<void> {
  if (body.marketing_email_opt_in) {
    const user = await deps.db
      .selectFrom('users')
      .select('email')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!user.email) {
      throw invalidInput('Add an email address first', [
        { field: 'marketing_email_opt_in', code: 'not_allowed' },
      ]);
    }
  }
  if (body.marketing_sms_opt_in !== undefined) {
    await setMarketingChoice(deps.db, {
      userId,
      channel: 'sms',
      optedIn: body.marketing_sms_opt_in,
      source: 'profile',
      ip: client.ip,
    });
  }
  if (body.marketing_email_opt_in !== undefined) {
    await setMarketingChoice(deps.db, {
      userId,
      channel: 'email',
      optedIn: body.marketing_email_opt_in,
      source: 'profile',
      ip: client.ip,
    });
  }
}

/** EP-ME-07 (REG-10): accepting the current versions lifts the restriction. */
export async function acceptCurrentTerms(
  deps: UsersDeps,
  userId: string,
  body: z.infer<typeof consentBody>,
  client: ClientInfo,
): Promise<{ terms_version: string; privacy_version: string; consented_at: Date }> {
  const { terms, privacy } = await assertCurrentVersions(deps.db, body);
  const consentedAt = await recordConsent(deps.db, {
    userId,
    versionIds: [terms.version_id, privacy.version_id],
    ip: client.ip,
    userAgent: client.userAgent,
    context: 're_consent',
  });
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'consent_recorded',
    userId,
    client,
    metadata: {
      terms_version: terms.version_number,
      privacy_version: privacy.version_number,
      context: 're_consent',
    },
  });
  return {
    terms_version: terms.version_number,
    privacy_version: privacy.version_number,
    consented_at: consentedAt,
  };
}

/** USR-10: one place changes a status, with its reason and its auth-log row. */
export async function changeStatus(
  deps: UsersDeps,
  input: {
    userId: string;
    from: string[];
    to: 'active' | 'deactivated' | 'suspended';
    reason: string | null;
    by: string;
    client: ClientInfo;
    notice?: string;
    /** Staff changes write their audit row in the same transaction. */
    audit?: (trx: Transaction<Database>) => Promise<void>;
  },
): Promise<string> {
  const from = await deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('status')
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user || user.status === 'deleted') throw new AppError('NOT_FOUND', 'No such user');
    if (!input.from.includes(user.status)) {
      throw new AppError('CONFLICT', `The account is ${user.status}`);
    }
    await trx
      .updateTable('users')
      .set({ status: input.to, status_changed_at: sql<Date>`now()`, status_reason: input.reason })
      .where('user_id', '=', input.userId)
      .execute();
    if (input.notice) await deps.notifier.enqueue(trx, { userId: input.userId, templateKey: input.notice });
    await input.audit?.(trx);
    return user.status;
  });
  if (input.notice) deps.notifier.nudge();
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_state_changed',
    userId: input.userId,
    client: input.client,
    metadata: { from, to: input.to, by: input.by, reason: input.reason },
  });
  return from;
}
