import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { currentVersions, type CurrentVersion } from './terms.repo.js';

/**
 * REG-06 / EP-ME-07: consent counts only for the versions published now. Anything else answers
 * `409 TERMS_VERSION_OUTDATED` with the current numbers, so the client can reload them.
 */
export async function assertCurrentVersions(
  db: Kysely<Database> | Transaction<Database>,
  accepted: { terms_version: string; privacy_version: string },
): Promise<{ terms: CurrentVersion; privacy: CurrentVersion }> {
  const versions = await currentVersions(db);
  const terms = versions.find((version) => version.document_type === 'terms_of_service');
  const privacy = versions.find((version) => version.document_type === 'privacy_policy');
  if (
    !terms ||
    !privacy ||
    terms.version_number !== accepted.terms_version ||
    privacy.version_number !== accepted.privacy_version
  ) {
    throw new AppError('TERMS_VERSION_OUTDATED', 'Reload the current terms and privacy policy', {
      extra: {
        terms_version: terms?.version_number ?? null,
        privacy_version: privacy?.version_number ?? null,
      },
    });
  }
  return { terms, privacy };
}
