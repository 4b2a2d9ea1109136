import type { Transaction } from 'kysely';
import type { Database, StaffRoleName } from '../../db/schema.js';
import type { Notifier } from '../notifications/notifier.js';
import type { TemplateLanguage } from '../notifications/templates.js';
import { activeOwnerIds } from '../businesses/access.js';

/** Who did a staff action, for the audit row (ADM-410). */
export interface StaffActor {
  userId: string;
  role: StaffRoleName;
  ip: string | null;
  requestId: string;
}

type Trx = Transaction<Database>;

/**
 * ADM-125: a business's review and status notices go to every active Owner, in the outbox of the change's
 * transaction. `variables` may depend on the owner's language (a translated preset reason, ADM-111);
 * languages without written text get English, as the templates do (ADM-501).
 */
export async function notifyOwners(
  trx: Trx,
  notifier: Notifier,
  input: {
    businessId: string;
    businessName: string;
    templateKey: string;
    variables?: (language: TemplateLanguage) => Record<string, string>;
    link?: string;
  },
): Promise<number> {
  const ownerIds = await activeOwnerIds(trx, input.businessId);
  if (ownerIds.length === 0) return 0;
  const owners = await trx
    .selectFrom('users')
    .select(['user_id', 'language_preference'])
    .where('user_id', 'in', ownerIds)
    .execute();
  let queued = 0;
  for (const owner of owners) {
    const language: TemplateLanguage = owner.language_preference === 'sw' ? 'sw' : 'en';
    queued += await notifier.enqueue(trx, {
      userId: owner.user_id,
      templateKey: input.templateKey,
      variables: { business_name: input.businessName, ...input.variables?.(language) },
      link: input.link ?? `/config/business/${input.businessId}`,
    });
  }
  return queued;
}

/** The audit entry of a staff action on a business (ADM-410). */
export function businessAudit(
  actor: StaffActor,
  input: {
    action: string;
    businessId: string;
    businessName: string;
    reason?: string | null;
    oldValue?: unknown;
    newValue?: unknown;
  },
) {
  return {
    actorId: actor.userId,
    actorRole: actor.role,
    action: input.action,
    entityType: 'business',
    entityId: input.businessId,
    entityLabel: input.businessName,
    oldValue: input.oldValue,
    newValue: input.newValue,
    reason: input.reason ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
  } as const;
}
