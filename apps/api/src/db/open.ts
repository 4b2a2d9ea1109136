import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { createDatabase, waitForDatabase, type DatabaseHandle } from './pool.js';

export interface OpenDatabase extends DatabaseHandle {
  embedded: EmbeddedPostgres | undefined;
  /** Closes the pool, then stops the embedded server if we started one. */
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'tafuta';

/** DATABASE_URL when set; otherwise the embedded PostgreSQL with its data in DATA_DIR/postgres. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.database.url;
  if (url === undefined) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.database.embeddedPort,
      log: (message) => logger.info(message),
    });
    await embedded.ensureDatabase(EMBEDDED_DATABASE);
    url = embedded.url(EMBEDDED_DATABASE);
  }
  const handle = createDatabase(url, config.database.poolMax, (error) =>
    logger.warn('An idle database connection failed', { err: error }),
  );
  try {
    await waitForDatabase(handle.pool, config.database.connectTimeoutMs, (attempt, error) =>
      logger.warn('Database not reachable yet; retrying', { attempt, err: error }),
    );
  } catch (error) {
    await handle.pool.end().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  return {
    ...handle,
    embedded,
    async close() {
      await handle.db.destroy();
      await embedded?.stop();
    },
  };
}
