import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type DocumentType = 'terms_of_service' | 'privacy_policy';

export interface CurrentVersion {
  document_type: DocumentType;
  version_id: string;
  version_number: string;
  url: string;
  published_at: Date;
}

/** REG-10: the newest published version of each document is the current one. */
export async function currentVersions(db: Db): Promise<CurrentVersion[]> {
  const result = await sql<CurrentVersion>`
    select distinct on (document_type) document_type, version_id, version_number, url, published_at
      from terms_versions
     order by document_type, published_at desc, version_id`.execute(db);
  return result.rows;
}

export interface ConsentState {
  document_type: DocumentType;
  version_number: string;
  version_id: string;
  accepted: boolean;
  accepted_version_number: string | null;
}

/** Per document: the current version, and whether (and which version) this user last accepted. */
export async function consentState(db: Db, userId: string): Promise<ConsentState[]> {
  const result = await sql<ConsentState>`
    with current as (
      select distinct on (document_type) document_type, version_id, version_number
        from terms_versions
       order by document_type, published_at desc, version_id
    )
    select c.document_type, c.version_number, c.version_id,
           exists (select 1 from user_terms_consent u where u.user_id = ${userId} and u.version_id = c.version_id)
             as accepted,
           (select tv.version_number from user_terms_consent u join terms_versions tv using (version_id)
             where u.user_id = ${userId} and tv.document_type = c.document_type
             order by u.consented_at desc limit 1) as accepted_version_number
      from current c`.execute(db);
  return result.rows;
}

export async function recordConsent(
  db: Db,
  input: {
    userId: string;
    versionIds: string[];
    ip: string | null;
    userAgent: string | null;
    context: 'registration' | 're_consent';
  },
): Promise<Date> {
  const rows = await db
    .insertInto('user_terms_consent')
    .values(
      input.versionIds.map((versionId) => ({
        user_id: input.userId,
        version_id: versionId,
        ip_address: input.ip,
        user_agent: input.userAgent,
        context: input.context,
      })),
    )
    .returning('consented_at')
    .execute();
  return rows[0]?.consented_at ?? new Date();
}
