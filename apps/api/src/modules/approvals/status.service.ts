import { sql, type Transaction, type Updateable } from 'kysely';
import type { BusinessesTable, BusinessStatus, Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { BusinessRow } from '../businesses/access.js';
import type { TemplateLanguage } from '../notifications/templates.js';
import { releaseBusinessSubdomains } from '../subdomains/subdomains.service.js';
import type { ApprovalsDeps } from './approvals.service.js';
import { businessAudit, notifyOwners, type StaffActor } from './owner-notices.js';
import { latestReview } from './queue.repo.js';
import { businessStatusView, lockBusiness, type BusinessStatusView } from './status-view.js';

/** Staff status actions on a business (ADM-160..166, ERRATA 11) and its verification tier (ADM-170). */

type Trx = Transaction<Database>;
type PriorStatus = Exclude<BusinessStatus, 'suspended' | 'deleted'>;

interface Change {
  /** Statuses the action starts from; anything else is 409 CONFLICT (ADM-166). */
  from: readonly BusinessStatus[];
  action: string;
  notice: string;
  /** The columns the action sets, given the locked row. */
  columns(
    trx: Trx,
    business: BusinessRow,
  ): Updateable<BusinessesTable> | Promise<Updateable<BusinessesTable>>;
  /** Template variables besides business_name, in the owner's language. */
  variables?(reason: string, language: TemplateLanguage): Record<string, string>;
}

/**
 * ERRATA 11 / ADM-163: reinstating puts the business back as it was. A pending business goes back to the
 * review state it had: waiting for the owner when its current submission was rejected, else in the queue.
 */
async function reviewStateAfterSuspension(trx: Trx, business: BusinessRow) {
  const review = await latestReview(trx, business.business_id);
  const rejectedThisSubmission =
    review?.decision === 'rejected' &&
    business.submitted_at !== null &&
    review.submitted_at.getTime() === business.submitted_at.getTime();
  return rejectedThisSubmission ? ('changes_requested' as const) : ('awaiting_review' as const);
}

/** ADM-160's suspension presets as the owner reads them; typed text is sent as typed. */
const SUSPENSION_REASONS: Record<string, Record<TemplateLanguage, string>> = {
  terms_violation: {
    en: 'it breaks the Tafuta terms of use',
    sw: 'inakiuka masharti ya matumizi ya Tafuta',
  },
  fraud_or_misleading: {
    en: 'it holds misleading or false information',
    sw: 'ina taarifa za kupotosha au za uongo',
  },
  owner_request: { en: 'the owner asked for it', sw: 'mmiliki aliomba hivyo' },
};

function suspensionReasonText(reason: string, language: TemplateLanguage): string {
  return SUSPENSION_REASONS[reason]?.[language] ?? reason;
}

const CHANGES = {
  suspend: {
    // ADM-160 lists active, deactivated and out_of_business; a pending submission may be abusive too.
    from: ['pending', 'active', 'deactivated', 'out_of_business'],
    action: 'business_suspended',
    notice: 'business_suspended',
    columns: (_trx, business) => ({
      status: 'suspended',
      // The database allows a review state only while pending; reinstating works it out again.
      review_state: null,
      status_before_suspension: business.status as PriorStatus,
    }),
    variables: (reason, language) => ({ reason: suspensionReasonText(reason, language) }),
  },
  reinstate: {
    from: ['suspended'],
    action: 'business_reinstated',
    notice: 'business_reinstated',
    columns: async (trx, business) => {
      const prior = business.status_before_suspension ?? 'active';
      return {
        status: prior,
        status_before_suspension: null,
        review_state: prior === 'pending' ? await reviewStateAfterSuspension(trx, business) : null,
      };
    },
  },
  outOfBusiness: {
    from: ['active', 'deactivated', 'suspended'],
    action: 'business_out_of_business',
    notice: 'business_out_of_business',
    columns: () => ({ status: 'out_of_business', status_before_suspension: null }),
    variables: (reason) => ({ reason }),
  },
  backInBusiness: {
    from: ['out_of_business'],
    action: 'business_back_in_business',
    notice: 'business_back_in_business',
    columns: () => ({ status: 'active' }),
  },
} satisfies Record<string, Change>;

export type StatusAction = keyof typeof CHANGES;

/** EP-ADM-06, EP-ADM-07, EP-ADM-10 and back-in-business: one shape, audited, owners told. */
export async function changeBusinessStatus(
  deps: ApprovalsDeps,
  actor: StaffActor,
  businessId: string,
  kind: StatusAction,
  input: { reason?: string | undefined; reasonCode?: string },
): Promise<BusinessStatusView> {
  const change: Change = CHANGES[kind];
  // ADM-160: a suspension preset stands as the reason when staff typed none (the code is kept beside it).
  const reason = input.reason ?? input.reasonCode ?? '';
  const updated = await deps.db.transaction().execute(async (trx) => {
    const business = await lockBusiness(trx, businessId);
    if (!change.from.includes(business.status)) {
      throw new AppError(
        'CONFLICT',
        `Not possible while the business is ${business.status.replaceAll('_', ' ')}`,
      );
    }
    const columns = await change.columns(trx, business);
    const row = await trx
      .updateTable('businesses')
      .set({
        ...columns,
        status_changed_at: sql<Date>`now()`,
        status_reason_code: input.reasonCode ?? null,
        status_reason: input.reason ?? null,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAuditInTransaction(
      trx,
      businessAudit(actor, {
        action: change.action,
        businessId,
        businessName: business.business_name,
        reason,
        oldValue: { status: business.status, review_state: business.review_state },
        newValue: {
          status: row.status,
          review_state: row.review_state,
          reason_code: input.reasonCode ?? null,
        },
      }),
    );
    await notifyOwners(trx, deps.notifier, {
      businessId,
      businessName: business.business_name,
      templateKey: change.notice,
      variables: (language) => change.variables?.(reason, language) ?? {},
    });
    return row;
  });
  deps.notifier.nudge();
  deps.events.listingsChanged();
  return businessStatusView(updated);
}

/** The contact details ADM-165 blanks on request; the business phone stays, the document requires it. */
function withoutContacts(content: Record<string, unknown>): Record<string, unknown> {
  const contact = { ...((content.contact ?? {}) as Record<string, unknown>) };
  const location = { ...((content.location ?? {}) as Record<string, unknown>) };
  for (const key of ['phone_alt', 'whatsapp', 'email'] as const) if (key in contact) contact[key] = null;
  for (const key of ['street_address1', 'street_address2'] as const)
    if (key in location) location[key] = null;
  return { ...content, contact, location };
}

async function anonymiseContacts(trx: Trx, business: BusinessRow): Promise<void> {
  await trx
    .updateTable('businesses')
    .set({
      content_json: JSON.stringify(withoutContacts(business.content_json)),
      whatsapp: null,
      email: null,
    })
    .where('business_id', '=', business.business_id)
    .execute();
  const history = await trx
    .selectFrom('business_content_history')
    .select(['history_id', 'content_json'])
    .where('business_id', '=', business.business_id)
    .execute();
  // The history guard allows this one change: content_json alone (UI-HIST-07).
  for (const row of history) {
    await trx
      .updateTable('business_content_history')
      .set({ content_json: JSON.stringify(withoutContacts(row.content_json)) })
      .where('history_id', '=', row.history_id)
      .execute();
  }
}

/**
 * EP-ADM-08 (ADM-165, ERRATA 1): soft delete. The owners' notice is queued before anything changes, active
 * subscriptions are cancelled (refunds are a separate, manual step), the website names are reserved and
 * their DNS records queued for removal, and the contacts blanked when staff ticked the box.
 */
export async function deleteBusiness(
  deps: ApprovalsDeps,
  actor: StaffActor,
  businessId: string,
  input: { reasonCode: string; reason?: string | undefined; confirmName: string; anonymiseContacts: boolean },
): Promise<BusinessStatusView> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const business = await lockBusiness(trx, businessId);
    if (business.status === 'deleted') throw new AppError('CONFLICT', 'This business is already deleted');
    if (input.confirmName !== business.business_name) {
      throw new AppError('INVALID_INPUT', 'Type the exact business name to confirm', {
        field: 'confirm_name',
        details: [{ field: 'confirm_name', code: 'invalid_format' }],
      });
    }
    await notifyOwners(trx, deps.notifier, {
      businessId,
      businessName: business.business_name,
      templateKey: 'business_deleted',
    });
    const cancelled = await trx
      .updateTable('service_subscriptions')
      .set({ status: 'cancelled' })
      .where('business_id', '=', businessId)
      .where('status', '=', 'active')
      .returning('service_type')
      .execute();
    const dnsJobs = await releaseBusinessSubdomains(trx, businessId, actor.userId);
    if (input.anonymiseContacts) await anonymiseContacts(trx, business);
    const row = await trx
      .updateTable('businesses')
      .set({
        status: 'deleted',
        review_state: null,
        status_before_suspension: null,
        deleted_at: sql<Date>`now()`,
        status_changed_at: sql<Date>`now()`,
        status_reason_code: input.reasonCode,
        status_reason: input.reason ?? null,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAuditInTransaction(
      trx,
      businessAudit(actor, {
        action: 'business_deleted',
        businessId,
        businessName: business.business_name,
        reason: input.reason ?? input.reasonCode,
        oldValue: { status: business.status },
        newValue: {
          status: 'deleted',
          reason_code: input.reasonCode,
          cancelled_services: cancelled.map((subscription) => subscription.service_type),
          anonymised_contacts: input.anonymiseContacts,
        },
      }),
    );
    return { row, dnsJobs };
  });
  deps.notifier.nudge();
  deps.events.listingsChanged();
  if (result.dnsJobs > 0) deps.events.dnsQueued();
  return businessStatusView(result.row);
}

/** EP-ADM-09 (ADM-170): the tier behind the public "Verified" badge; the reason records what was checked. */
export async function setBusinessVerification(
  deps: ApprovalsDeps,
  actor: StaffActor,
  businessId: string,
  input: { tier: 'basic' | 'verified' | 'premium'; reason: string },
): Promise<BusinessStatusView> {
  const updated = await deps.db.transaction().execute(async (trx) => {
    const business = await lockBusiness(trx, businessId);
    if (business.status === 'deleted') throw new AppError('CONFLICT', 'This business is deleted');
    const row = await trx
      .updateTable('businesses')
      .set({ verification_tier: input.tier })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAuditInTransaction(
      trx,
      businessAudit(actor, {
        action: 'business_verification_changed',
        businessId,
        businessName: business.business_name,
        reason: input.reason,
        oldValue: { verification_tier: business.verification_tier },
        newValue: { verification_tier: input.tier },
      }),
    );
    return row;
  });
  deps.events.listingsChanged();
  return businessStatusView(updated);
}
