import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { CreateBusinessBody } from '@tafuta/contracts';
import { AppError } from '../../http/errors.js';
import { normaliseBusinessPhone } from '../../lib/phone.js';
import type { Actor } from '../auth/permissions.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { addFounder } from '../memberships/memberships.service.js';
import { activeOwnerIds, businessForActor, parseBusinessId, type BusinessRow } from './access.js';
import { insertBusiness } from './business.repo.js';
import { privateView } from './business.view.js';
import { deepMerge, refuseServerKeys, stamp, validateContent } from './content-document.js';
import { assertValidTag, isTagClash, isValidTag, suggestTag, tagAvailable, tagTaken } from './tags.js';

/** Creating a business (EP-BIZ-01), reading it (EP-BIZ-02, ERRATA 14) and closing or reopening it. */

export type BusinessDeps = Pick<DirectoryDeps, 'db' | 'logger' | 'notifier' | 'events' | 'phoneTestPrefixes'>;

/** A signed-in person with what the audit log needs when they act as staff. */
export interface BusinessActor extends Actor {
  ip: string | null;
  requestId: string;
}

export const overviewLink = (businessId: string) => `/config/business/${businessId}`;

/** ADM-101: `business_submitted` to every owner, inside the transaction that (re)submitted the business. */
export async function notifySubmitted(
  trx: Parameters<BusinessDeps['notifier']['enqueue']>[0],
  deps: Pick<BusinessDeps, 'notifier'>,
  business: Pick<BusinessRow, 'business_id' | 'business_name'>,
): Promise<void> {
  for (const userId of await activeOwnerIds(trx, business.business_id)) {
    await deps.notifier.enqueue(trx, {
      userId,
      templateKey: 'business_submitted',
      variables: { business_name: business.business_name },
      link: overviewLink(business.business_id),
    });
  }
}

/**
 * EP-BIZ-01 (UI-DASH-13, ADM-101): the wizard's facts become version 1 of the document; the business
 * starts pending / awaiting review with the caller as its owner (ROLE-04), who is told it was received.
 */
export async function createBusiness(deps: BusinessDeps, actor: Actor, body: CreateBusinessBody) {
  const phone = normaliseBusinessPhone(body.phone);
  if (!phone) throw new AppError('INVALID_PHONE', 'Enter a Kenyan phone number', { field: 'phone' });
  const extra = body.content ?? {};
  refuseServerKeys(extra);
  const document = deepMerge(
    {
      default_language: body.default_language ?? 'en',
      profile: { en: { business_name: body.business_name } },
      categories: body.categories,
      regions: body.regions,
      contact: { phone },
      location: { city: body.city },
    },
    extra,
  );
  const content = validateContent(stamp(document, { userId: actor.userId, type: 'owner' }));
  const businessId = crypto.randomUUID();
  let businessTag: string;
  if (body.business_tag !== undefined) {
    assertValidTag(body.business_tag);
    if (!(await tagAvailable(deps.db, body.business_tag))) throw tagTaken();
    businessTag = body.business_tag;
  } else {
    businessTag = await suggestTag(
      deps.db,
      content.profile.en?.business_name ?? body.business_name,
      businessId,
    );
  }

  const business = await deps.db
    .transaction()
    .execute(async (trx) => {
      const created = await insertBusiness(trx, {
        businessId,
        businessTag,
        content,
        createdBy: actor.userId,
        status: 'pending',
      });
      await addFounder(trx, created.business_id, actor.userId);
      await notifySubmitted(trx, deps, created);
      return created;
    })
    .catch((error: unknown) => {
      if (isTagClash(error)) throw tagTaken();
      throw error;
    });
  deps.notifier.nudge();
  return {
    business_id: business.business_id,
    business_tag: business.business_tag,
    status: business.status,
    review_state: business.review_state,
    content_version: business.content_version,
  };
}

/** MEDIA-023: live feedback for the tag field. */
export async function checkTag(deps: Pick<BusinessDeps, 'db'>, input: { tag?: string; name?: string }) {
  const valid = input.tag === undefined ? null : isValidTag(input.tag);
  const available = input.tag !== undefined && valid ? await tagAvailable(deps.db, input.tag) : null;
  const suggestion =
    input.name !== undefined && input.name.trim() !== ''
      ? await suggestTag(deps.db, input.name)
      : input.tag !== undefined && valid && !available
        ? await suggestTag(deps.db, input.tag)
        : null;
  return { valid, available, suggestion };
}

/** API-09 / EP-BIZ-02: a UUID or a business tag; anything else is simply "not found". */
async function idFromIdOrTag(deps: Pick<BusinessDeps, 'db'>, value: unknown): Promise<string> {
  if (z.uuid().safeParse(value).success) return value as string;
  if (typeof value === 'string' && isValidTag(value)) {
    const row = await deps.db
      .selectFrom('businesses')
      .select('business_id')
      .where('business_tag', '=', value)
      .executeTakeFirst();
    if (row) return row.business_id;
  }
  return parseBusinessId(value);
}

/** EP-BIZ-02 as ERRATA 14 leaves it: members and Support+ only, the private view. */
export async function readBusiness(deps: BusinessDeps, actor: Actor, idOrTag: unknown) {
  const businessId = await idFromIdOrTag(deps, idOrTag);
  const access = await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_private',
    logger: deps.logger,
  });
  return privateView(deps.db, access.business, access.actorRole);
}

/**
 * EP-BIZ-04 (UI-SET-02): going out of business sets `out_of_business`, any other reason `deactivated`.
 * A suspended, deleted or already closed business cannot be closed again (409).
 */
export async function deactivateBusiness(
  deps: BusinessDeps,
  actor: Actor,
  businessId: string,
  body: { reason: 'out_of_business' | 'temporary_closure' | 'other'; note?: string },
) {
  const target = body.reason === 'out_of_business' ? 'out_of_business' : 'deactivated';
  const business = await deps.db.transaction().execute(async (trx) => {
    const { business: current } = await businessForActor(trx, {
      actor,
      businessId,
      action: 'business.deactivate',
      forUpdate: true,
      logger: deps.logger,
    });
    const from = ['active', 'pending', ...(target === 'out_of_business' ? ['deactivated'] : [])];
    if (!from.includes(current.status)) {
      throw new AppError(
        'CONFLICT',
        `A business that is ${current.status.replace(/_/g, ' ')} cannot be closed`,
      );
    }
    return trx
      .updateTable('businesses')
      .set({
        status: target,
        review_state: null,
        deactivation_reason: body.reason,
        status_reason_code: body.reason,
        status_reason: body.note ?? null,
        status_changed_at: sql<Date>`now()`,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  deps.events.listingsChanged();
  return privateView(deps.db, business, 'owner');
}

/**
 * EP-BIZ-05 with ERRATA 11 and UI-SET-03: a deactivated business comes back at once if it was ever
 * approved (otherwise it goes back to review); an out-of-business one always goes back to review, with
 * a new `submitted_at` and the owners told it was received (ADM-101).
 */
export async function reactivateBusiness(deps: BusinessDeps, actor: Actor, businessId: string) {
  const business = await deps.db.transaction().execute(async (trx) => {
    const { business: current } = await businessForActor(trx, {
      actor,
      businessId,
      action: 'business.deactivate',
      forUpdate: true,
      logger: deps.logger,
    });
    if (current.status !== 'deactivated' && current.status !== 'out_of_business') {
      throw new AppError('CONFLICT', `A business that is ${current.status} cannot be reopened`);
    }
    const live = current.status === 'deactivated' && current.approved_at !== null;
    const updated = await trx
      .updateTable('businesses')
      .set({
        status: live ? 'active' : 'pending',
        review_state: live ? null : 'awaiting_review',
        ...(live ? {} : { submitted_at: sql<Date>`now()` }),
        deactivation_reason: null,
        status_reason_code: null,
        status_reason: null,
        status_changed_at: sql<Date>`now()`,
      })
      .where('business_id', '=', businessId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!live) await notifySubmitted(trx, deps, updated);
    return updated;
  });
  deps.notifier.nudge();
  deps.events.listingsChanged();
  return privateView(deps.db, business, 'owner');
}
