import { LANGUAGES, type PendingQueueQuery, type SlaColour } from '@tafuta/contracts';
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { isoSeconds } from '../../http/envelope.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { BusinessRow } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import type { TemplateLanguage } from '../notifications/templates.js';
import { businessAudit, notifyOwners, type StaffActor } from './owner-notices.js';
import {
  approvalSlaHours,
  latestReview,
  listQueue,
  queueSummary,
  type QueueRow,
  type QueueSummary,
} from './queue.repo.js';
import { businessStatusView, lockBusiness, type BusinessStatusView } from './status-view.js';

/** The approval queue and the two review decisions (admin.md §4). */

export type ApprovalsDeps = Pick<DirectoryDeps, 'db' | 'logger' | 'notifier' | 'events'>;
type Trx = Transaction<Database>;

const HOUR_MS = 3_600_000;

/** ADM-107: neutral under half the SLA (12 h), amber up to it (24 h), red beyond. */
export function slaColour(ageMs: number, slaHours: number): SlaColour {
  if (ageMs > slaHours * HOUR_MS) return 'red';
  if (ageMs >= (slaHours / 2) * HOUR_MS) return 'amber';
  return 'neutral';
}

/** ADM-105: 200 characters of the English description, else of the first language that has one. */
function descriptionExcerpt(content: Record<string, unknown>): string | null {
  const profile = (content.profile ?? {}) as Record<string, { description?: unknown } | undefined>;
  for (const language of ['en', ...LANGUAGES]) {
    const description = profile[language]?.description;
    if (typeof description === 'string' && description.length > 0) return description.slice(0, 200);
  }
  return null;
}

function queueItem(row: QueueRow, slaHours: number, now: Date) {
  const ageMs = Math.max(0, now.getTime() - row.submitted_at.getTime());
  const waitingForOwner = row.review_state === 'changes_requested';
  return {
    business_id: row.business_id,
    business_tag: row.business_tag,
    business_name: row.business_name,
    categories: row.category_slugs,
    regions: row.region_slugs,
    city: row.city,
    phone: row.phone,
    email: row.email,
    description_excerpt: descriptionExcerpt(row.content_json),
    content_version: row.content_version,
    review_state: row.review_state,
    submitted_at: isoSeconds(row.submitted_at),
    age_hours: Math.floor(ageMs / HOUR_MS),
    // The SLA runs against staff only while the business waits for them.
    sla: waitingForOwner ? ('neutral' as const) : slaColour(ageMs, slaHours),
    submitter: { user_id: row.submitter_id, full_name: row.submitter_name, phone: row.submitter_phone },
    possible_duplicates: row.possible_duplicates,
    rejection_count: row.rejection_count,
    rejection_reason_code: waitingForOwner ? row.rejection_reason_code : null,
    rejection_reason: waitingForOwner ? row.rejection_reason : null,
    rejected_at: waitingForOwner ? isoSeconds(row.status_changed_at) : null,
  };
}

export type QueueItem = ReturnType<typeof queueItem>;

/** EP-ADM-03 (ADM-105..107). */
export async function listPendingQueue(
  deps: Pick<ApprovalsDeps, 'db'>,
  query: PendingQueueQuery,
  now: Date = new Date(),
): Promise<{ items: QueueItem[]; total: number; summary: QueueSummary }> {
  const slaHours = await approvalSlaHours(deps.db);
  const { rows, total } = await listQueue(deps.db, query);
  const summary = await queueSummary(deps.db, slaHours, now);
  return { items: rows.map((row) => queueItem(row, slaHours, now)), total, summary };
}

const EAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** ADM-112: approve and reject act only on a business waiting for review, at the version reviewed. */
async function lockForReview(trx: Trx, businessId: string, contentVersion: number): Promise<BusinessRow> {
  const business = await lockBusiness(trx, businessId);
  if (business.status !== 'pending' || business.review_state !== 'awaiting_review') {
    const review = await latestReview(trx, businessId);
    const message =
      review && business.status !== 'deleted'
        ? `Already reviewed by ${review.full_name} at ${EAT.format(review.decided_at)} EAT`
        : `This business is not waiting for review (status ${business.status})`;
    throw new AppError('CONFLICT', message);
  }
  if (business.content_version !== contentVersion) {
    throw new AppError('CONFLICT', 'Content changed — please review again');
  }
  return business;
}

/** ADM-113: an approved business must have an Owner who can act on it. */
async function assertOwnersInGoodStanding(trx: Trx, businessId: string): Promise<void> {
  const owners = await trx
    .selectFrom('user_business_roles as r')
    .innerJoin('users as u', 'u.user_id', 'r.user_id')
    .select(['u.user_id', 'u.status'])
    .where('r.business_id', '=', businessId)
    .where('r.role', '=', 'owner')
    .where('r.is_deleted', '=', false)
    .execute();
  if (owners.length === 0 || owners.every((owner) => owner.status === 'deleted')) {
    throw new AppError('CONFLICT', 'This business has no active owner; it cannot be approved');
  }
  if (owners.some((owner) => owner.status === 'suspended' || owner.status === 'deleted')) {
    throw new AppError('CONFLICT', "An owner's account is suspended or deleted; it cannot be approved");
  }
}

function afterCommit(deps: ApprovalsDeps): void {
  deps.notifier.nudge();
  deps.events.listingsChanged();
}

/** EP-ADM-04 (ADM-110, ADM-112, ADM-113): the business goes live and its owners are told. */
export async function approveBusiness(
  deps: ApprovalsDeps,
  actor: StaffActor,
  businessId: string,
  input: { content_version: number; note?: string | undefined },
): Promise<BusinessStatusView> {
  const approved = await deps.db.transaction().execute(async (trx) => {
    const business = await lockForReview(trx, businessId, input.content_version);
    await assertOwnersInGoodStanding(trx, businessId);
    const updated = await trx
      .updateTable('businesses')
      .set({
        status: 'active',
        review_state: null,
        approved_at: sql<Date>`now()`,
        approved_by: actor.userId,
        approved_content_version: business.content_version,
        status_changed_at: sql<Date>`now()`,
        status_reason_code: null,
        status_reason: null,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('business_reviews')
      .values({
        business_id: businessId,
        decision: 'approved',
        note: input.note ?? null,
        content_version: business.content_version,
        submitted_at: business.submitted_at ?? business.created_at,
        decided_by: actor.userId,
      })
      .execute();
    await writeAuditInTransaction(
      trx,
      businessAudit(actor, {
        action: 'business_approved',
        businessId,
        businessName: business.business_name,
        reason: input.note ?? null,
        oldValue: { status: 'pending', review_state: 'awaiting_review' },
        newValue: { status: 'active', content_version: business.content_version },
      }),
    );
    await notifyOwners(trx, deps.notifier, {
      businessId,
      businessName: business.business_name,
      templateKey: 'business_approved',
    });
    return updated;
  });
  afterCommit(deps);
  return businessStatusView(approved);
}

/** ADM-111: the preset reasons as the owner reads them; free text is sent as typed. */
const REJECTION_REASONS: Record<string, Record<TemplateLanguage, string>> = {
  incomplete_information: {
    en: 'some required information is missing',
    sw: 'baadhi ya taarifa muhimu hazipo',
  },
  invalid_phone: {
    en: 'the business phone number is not valid',
    sw: 'nambari ya simu ya biashara si sahihi',
  },
  duplicate_listing: {
    en: 'this business is already listed on Tafuta',
    sw: 'biashara hii tayari imeorodheshwa kwenye Tafuta',
  },
  inappropriate_content: {
    en: 'some of the content is not allowed on Tafuta',
    sw: 'baadhi ya maudhui hayaruhusiwi kwenye Tafuta',
  },
};

/** The `{reason}` of `business_rejected` in one language: the preset, then any free text in brackets. */
export function rejectionReasonText(
  code: string,
  freeText: string | null | undefined,
  language: TemplateLanguage,
): string {
  const preset = REJECTION_REASONS[code]?.[language];
  if (!preset) return freeText ?? '';
  return freeText ? `${preset} (${freeText})` : preset;
}

/** EP-ADM-05 (ADM-111): back to the owner with a reason; any owner save resubmits it (ADM-101). */
export async function rejectBusiness(
  deps: ApprovalsDeps,
  actor: StaffActor,
  businessId: string,
  input: { content_version: number; reason_code: string; reason?: string | undefined },
): Promise<BusinessStatusView> {
  const freeText = input.reason ?? null;
  const rejected = await deps.db.transaction().execute(async (trx) => {
    const business = await lockForReview(trx, businessId, input.content_version);
    const updated = await trx
      .updateTable('businesses')
      .set({
        review_state: 'changes_requested',
        rejection_reason_code: input.reason_code,
        rejection_reason: freeText,
        rejection_count: sql<number>`rejection_count + 1`,
        status_changed_at: sql<Date>`now()`,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('business_reviews')
      .values({
        business_id: businessId,
        decision: 'rejected',
        reason_code: input.reason_code,
        reason: freeText,
        content_version: business.content_version,
        submitted_at: business.submitted_at ?? business.created_at,
        decided_by: actor.userId,
      })
      .execute();
    await writeAuditInTransaction(
      trx,
      businessAudit(actor, {
        action: 'business_rejected',
        businessId,
        businessName: business.business_name,
        reason: rejectionReasonText(input.reason_code, freeText, 'en'),
        oldValue: { review_state: 'awaiting_review' },
        newValue: { review_state: 'changes_requested', reason_code: input.reason_code },
      }),
    );
    await notifyOwners(trx, deps.notifier, {
      businessId,
      businessName: business.business_name,
      templateKey: 'business_rejected',
      variables: (language) => ({ reason: rejectionReasonText(input.reason_code, freeText, language) }),
    });
    return updated;
  });
  afterCommit(deps);
  return businessStatusView(rejected);
}
