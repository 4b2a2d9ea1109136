import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds, sendData } from '../../http/envelope.js';
import { currentVersions } from './terms.repo.js';

/** EP-SYS-02. */
export function termsRouter(deps: { db: Kysely<Database> }): Router {
  const router = express.Router();
  router.get('/terms/current', async (_req, res) => {
    const versions = await currentVersions(deps.db);
    const view = (type: string) => {
      const version = versions.find((candidate) => candidate.document_type === type);
      return version
        ? {
            version_id: version.version_id,
            version_number: version.version_number,
            published_at: isoSeconds(version.published_at),
            url: version.url,
          }
        : null;
    };
    sendData(res, { terms_of_service: view('terms_of_service'), privacy_policy: view('privacy_policy') });
  });
  return router;
}
