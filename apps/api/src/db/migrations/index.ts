import type { Migration } from 'kysely/migration';
import * as core from './0001_core.js';
import * as identity from './0002_identity.js';
import * as directory from './0003_directory.js';
import * as payments from './0004_payments.js';
import * as paymentsMore from './0005_payments_more.js';
import * as adminInsights from './0006_admin_insights.js';

/**
 * Every migration, in order. A static list (not a folder scan) so the same code runs from TypeScript
 * sources in tests and from compiled JavaScript in production.
 */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_identity': identity,
  '0003_directory': directory,
  '0004_payments': payments,
  '0005_payments_more': paymentsMore,
  '0006_admin_insights': adminInsights,
};
