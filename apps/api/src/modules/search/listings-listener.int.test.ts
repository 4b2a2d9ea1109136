import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../http/logger.js';
import { createBusiness, grantService } from '../../test/factories.js';
import { useTestDatabase } from '../../test/database.js';
import { createDirectoryEvents } from '../directory-deps.js';
import { listenForListingChanges } from './listings-listener.js';

const database = useTestDatabase();

/** Resolves on the next listingsChanged(), or fails after 5 s. */
function nextChange(events: ReturnType<typeof createDirectoryEvents>, signal: { armed: boolean }) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listing change arrived')), 5_000);
    events.onListingsChanged(() => {
      if (!signal.armed) return;
      signal.armed = false;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('listing changes reach every process (cache invalidation through NOTIFY)', () => {
  it('tells this process about changes committed elsewhere, and only after they commit', async () => {
    const { db, url } = database.current;
    const events = createDirectoryEvents();
    let changes = 0;
    events.onListingsChanged(() => {
      changes += 1;
    });
    const listener = await listenForListingChanges({
      connectionString: url,
      events,
      logger: createLogger({ level: 'error', console: false }),
    });
    try {
      expect(changes).toBe(1); // connecting clears the caches: anything missed before is forgotten
      // A new listed business is announced too; wait for it, so it cannot be mistaken for the next one.
      const listed = { armed: true };
      const created = nextChange(events, listed);
      const business = await createBusiness(db, { status: 'active' });
      await created;

      // A suspension written by another process (here: plain SQL) is announced once it commits.
      const signal = { armed: true };
      const arrived = nextChange(events, signal);
      await db.transaction().execute(async (trx) => {
        await sql`update businesses set status = 'suspended', status_before_suspension = 'active'
          where business_id = ${business.business_id}`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(signal.armed).toBe(true); // not yet: the change is not committed
      });
      await arrived;

      // Promotion bought elsewhere changes the order, so it is announced too.
      const promoted = { armed: true };
      const again = nextChange(events, promoted);
      await grantService(db, business.business_id, 'search_promotion');
      await again;
    } finally {
      await listener.close();
    }
  });
});
