import { afterAll, beforeAll, vi } from 'vitest';
import { listenForListingChanges, type ListingsListener } from '../modules/search/listings-listener.js';
import type { TestDatabase } from './database.js';
import type { IdentityHarness } from './identity-harness.js';

/**
 * The listings NOTIFY as main.ts wires it (modules/search/listings-listener.ts), for tests that write to
 * the database behind the app's back and need its caches to follow as they would in production.
 */
export function useListingsNotifications(
  database: { readonly current: TestDatabase },
  harness: IdentityHarness,
): { committed: <T>(write: () => Promise<T>) => Promise<T> } {
  let listener: ListingsListener | undefined;
  let notifications = 0;
  beforeAll(async () => {
    harness.services.directoryEvents.onListingsChanged(() => {
      notifications += 1;
    });
    listener = await listenForListingChanges({
      connectionString: database.current.url,
      events: harness.services.directoryEvents,
      logger: harness.logger,
    });
  });
  afterAll(async () => {
    await listener?.close();
  });
  return {
    /** Runs a write and waits until a change notification has reached this process after it began. */
    committed: async (write) => {
      const before = notifications;
      const result = await write();
      await vi.waitFor(
        () => {
          if (notifications <= before) throw new Error('No change notification has arrived yet');
        },
        { timeout: 5_000, interval: 10 },
      );
      return result;
    },
  };
}
