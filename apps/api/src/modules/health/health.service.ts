import { sql, type Kysely } from 'kysely';
import type { Health } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';

const PROBE_TIMEOUT_MS = 2_000;

export interface HealthDeps {
  db: Kysely<Database>;
  version: string;
  startedAt: number;
}

async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  const probe = sql`select 1`
    .execute(db)
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** EP-SYS-01: no environment names or secrets, just whether we can serve. */
export async function checkHealth(deps: HealthDeps, now = new Date()): Promise<Health> {
  const connected = await databaseAnswers(deps.db);
  return {
    status: connected ? 'healthy' : 'unhealthy',
    timestamp: isoSeconds(now),
    uptime: Math.floor((now.getTime() - deps.startedAt) / 1000),
    database: connected ? 'connected' : 'disconnected',
    version: deps.version,
  };
}
