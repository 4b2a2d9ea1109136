import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database.js';
import { allocateReceiptNumber } from './receipt-issue.js';

/** PAY-222: the counter row is locked in the caller's transaction, so a rollback returns the number. */

const database = useTestDatabase();
const db = () => database.current.db;

class Abandoned extends Error {}

describe('allocateReceiptNumber', () => {
  it('hands out gap-free numbers to 30 concurrent transactions, a third of which roll back', async () => {
    const at = new Date('2031-06-01T09:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        db()
          .transaction()
          .execute(async (trx) => {
            const number = await allocateReceiptNumber(trx, at, 'TFT');
            if (i % 3 === 0) throw new Abandoned(number);
            return number;
          }),
      ),
    );
    const kept = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(kept).toHaveLength(20);
    expect(kept.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `TFT-2031-${String(i + 1).padStart(5, '0')}`),
    );
    const rolledBack = results.filter((result) => result.status === 'rejected');
    expect(rolledBack.every((result) => result.reason instanceof Abandoned)).toBe(true);
  });

  it('starts a new sequence at 00:00 EAT on 1 January', async () => {
    const lastOfYear = await db()
      .transaction()
      .execute((trx) => allocateReceiptNumber(trx, new Date('2032-12-31T20:59:59Z'), 'TFT'));
    const firstOfYear = await db()
      .transaction()
      .execute((trx) => allocateReceiptNumber(trx, new Date('2032-12-31T21:00:00Z'), 'TFT'));
    expect(lastOfYear).toBe('TFT-2032-00001');
    expect(firstOfYear).toBe('TFT-2033-00001');
  });
});
