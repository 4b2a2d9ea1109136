import type { PgBoss } from 'pg-boss';
import type { JobsDeps } from '../../jobs/index.js';

// Placeholder: drains dns_jobs through the Cloudflare client (INT-420), releases lapsed holds.
export async function registerDnsJobs(_boss: PgBoss, _deps: JobsDeps): Promise<{ nudge(): void }> {
  return { nudge: () => undefined };
}
