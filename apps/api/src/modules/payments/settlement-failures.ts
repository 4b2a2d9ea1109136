/**
 * PAY-152: when applying a status fails inside the database, the settlement transaction has rolled back
 * and the payment is as it was. The failure is logged as a `gateway_error` event in a separate small
 * transaction; a COMPLETED answer that could not be credited counts towards `credit_failures`, and the
 * third one flags the payment `credit_failed` for staff while IPN retries and polls keep trying.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import type { PesapalStatus } from '../../integrations/pesapal/status.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { flagAttention, recordEvent, type EventInput } from './settlement.repo.js';

export const CREDIT_FAILURES_BEFORE_FLAG = 3;

/** A short, secret-free description of what went wrong (a database error's code and message). */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  return { message: error.message.slice(0, 200), ...(typeof code === 'string' ? { code } : {}) };
}

export async function recordCreditFailure(
  deps: { db: Kysely<Database>; logger: Logger },
  input: {
    paymentId: string;
    event: Omit<EventInput, 'paymentId' | 'outcome' | 'status' | 'detail'>;
    status: PesapalStatus | null;
    error: unknown;
    /** The answer was COMPLETED: a credit was due and did not happen. */
    paid: boolean;
  },
): Promise<void> {
  const failure = describe(input.error);
  deps.logger.error('Applying a payment status failed; rolled back', {
    err: input.error,
    payment_id: input.paymentId,
    critical: input.paid,
  });
  try {
    await deps.db.transaction().execute(async (trx) => {
      let failures = 0;
      if (input.paid) {
        const row = await trx
          .updateTable('payments')
          .set((eb) => ({ credit_failures: eb('credit_failures', '+', 1) }))
          .where('payment_id', '=', input.paymentId)
          .returning(['credit_failures', 'needs_attention', 'attention_reason'])
          .executeTakeFirst();
        failures = row?.credit_failures ?? 0;
        if (row && failures >= CREDIT_FAILURES_BEFORE_FLAG && row.attention_reason !== 'credit_failed') {
          await flagAttention(trx, input.paymentId, 'credit_failed');
          await writeAuditInTransaction(trx, {
            actorId: null,
            actorRole: null,
            action: 'payment_credit_failed',
            entityType: 'payment',
            entityId: input.paymentId,
            newValue: { credit_failures: failures, error: failure },
          });
        }
      }
      await recordEvent(trx, {
        ...input.event,
        paymentId: input.paymentId,
        outcome: 'gateway_error',
        status: input.status,
        detail: { database_error: failure, ...(input.paid ? { credit_failures: failures } : {}) },
      });
    });
  } catch (error) {
    // The database itself is down: the IPN is answered 500 and PesaPal comes back later.
    deps.logger.error('Could not record a failed payment settlement', {
      err: error,
      payment_id: input.paymentId,
    });
  }
}
