import type { PgBoss } from 'pg-boss';
import type { JobsDeps } from '../../jobs/index.js';

// Placeholder: the 09:00 EAT pending digest and the hourly overdue alert (ADM-121/122).
export async function registerApprovalJobs(_boss: PgBoss, _deps: JobsDeps): Promise<void> {}
