import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { recordHeartbeat } from './platform-health.js';

const QUEUE = 'platform-heartbeat';

/** ADM-713: the health heartbeat every minute (uptime, ADM-620); a failed beat is a missing minute. */
export async function registerHeartbeatJob(
  boss: PgBoss,
  deps: { db: Kysely<Database>; logger: Logger },
): Promise<void> {
  await boss.createQueue(QUEUE);
  await boss.work(QUEUE, async () => {
    try {
      await recordHeartbeat(deps.db);
    } catch (error) {
      deps.logger.error('Heartbeat failed', { err: error, critical: true });
      throw error;
    }
  });
  await boss.schedule(QUEUE, '* * * * *');
}
