import pg from 'pg';
import type { Logger } from '../../http/logger.js';
import type { DirectoryEvents } from '../directory-deps.js';

/** The channel the 0003_directory triggers notify after any commit that changes what listings show. */
export const LISTINGS_CHANNEL = 'tafuta_listings_changed';
const RECONNECT_MS = 5_000;

export interface ListingsListener {
  close(): Promise<void>;
}

/**
 * Keeps this process's search replies in step with changes committed by any process (PM2 runs several,
 * and jobs or staff tools write too): one LISTEN connection turns each notification into
 * `listingsChanged()`. While the connection is down, notifications are lost, so every reconnect clears
 * the caches as well; the replies are never older than the cache's own 60 s either way.
 */
export async function listenForListingChanges(input: {
  connectionString: string;
  events: Pick<DirectoryEvents, 'listingsChanged'>;
  logger: Pick<Logger, 'warn' | 'info'>;
}): Promise<ListingsListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: input.connectionString });
    next.on('notification', (message) => {
      if (message.channel === LISTINGS_CHANNEL) input.events.listingsChanged();
    });
    next.on('error', (error) => {
      input.logger.warn('Listing-change listener lost its connection', { err: error });
      void next.end().catch(() => undefined);
      if (!closed && client === next) schedule();
    });
    await next.connect();
    await next.query(`listen ${LISTINGS_CHANNEL}`);
    client = next;
    input.events.listingsChanged();
  };

  const schedule = () => {
    client = undefined;
    retry = setTimeout(() => {
      connect().catch((error: unknown) => {
        input.logger.warn('Listing-change listener could not reconnect', { err: error });
        if (!closed) schedule();
      });
    }, RECONNECT_MS);
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
