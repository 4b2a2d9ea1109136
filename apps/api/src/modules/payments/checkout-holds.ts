import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../auth/permissions.js';
import { checkAvailability, holdSubdomain } from '../subdomains/subdomains.service.js';

type Trx = Transaction<Database>;

/**
 * Web addresses held for a pending payment (PAY-103, UI-SUB-02..05). The hold row carries
 * `held_for_payment_id`, so the payment's outcome decides its fate: crediting assigns it
 * (settlement-transitions.ts); failure, cancellation and timeout release it here.
 */

/** Quote: the wanted name must be valid and free for this business; nothing is held (no side effects). */
export async function checkWantedSubdomain(
  db: Kysely<Database>,
  input: { actor: Actor; businessId: string; subdomain: string },
): Promise<string> {
  const verdict = await checkAvailability(db, {
    subdomain: input.subdomain,
    businessId: input.businessId,
    actor: input.actor,
  });
  if (verdict.reason === 'taken') {
    throw new AppError('SUBDOMAIN_TAKEN', 'This address is already taken', {
      field: 'subdomains',
      extra: { business_id: input.businessId, suggestions: verdict.suggestions },
    });
  }
  if (verdict.reason !== null) {
    throw new AppError(
      'INVALID_INPUT',
      verdict.reason === 'reserved'
        ? 'This address is reserved'
        : 'Use 3–30 letters, digits and single hyphens',
      {
        field: 'subdomains',
        details: [
          { field: 'subdomains', code: verdict.reason === 'reserved' ? 'not_allowed' : 'invalid_format' },
        ],
        extra: { business_id: input.businessId, suggestions: verdict.suggestions },
      },
    );
  }
  return verdict.subdomain;
}

/** Initiation: holds the name until the payment expires and ties the hold to the payment. */
export async function holdForPayment(
  trx: Trx,
  input: { businessId: string; subdomain: string; paymentId: string; until: Date },
): Promise<string> {
  const held = await holdSubdomain(trx, {
    businessId: input.businessId,
    name: input.subdomain,
    until: input.until,
  });
  await trx
    .updateTable('subdomains')
    .set({ held_for_payment_id: input.paymentId })
    .where('subdomain_id', '=', held.subdomainId)
    .where('state', '=', 'held')
    .execute();
  return held.name;
}

/**
 * Releases the names held for a payment that failed, was cancelled or timed out (PAY-107/108/160), inside
 * the caller's transaction. `held_for_payment_id` stays on the released row as the record of which name
 * the payment asked for, so a late completion (PAY-156) can still try to assign it (UI-SUB-05).
 * Returns how many holds were released.
 */
export async function releasePaymentHolds(trx: Trx, paymentId: string): Promise<number> {
  const released = await trx
    .updateTable('subdomains')
    .set({ state: 'released', held_until: null, released_at: sql<Date>`now()` })
    .where('held_for_payment_id', '=', paymentId)
    .where('state', '=', 'held')
    .returning('subdomain_id')
    .execute();
  return released.length;
}
