import { sql, type Kysely, type Transaction } from 'kysely';
import type { BusinessContent } from '@tafuta/contracts';
import type { ContentChangeType, Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { derivedColumns, type CategoryText } from './derived.js';
import type { BusinessRow } from './access.js';

/**
 * The SQL that writes a business and its content. Every content write goes through `writeContent`, so
 * the derived columns, the category/region links and the history row can never fall out of step.
 */

type Trx = Transaction<Database>;
type Db = Kysely<Database> | Trx;

/** The active categories and regions a document names, or a 400 naming the first unknown slug. */
export async function resolveTaxonomy(
  db: Db,
  content: Pick<BusinessContent, 'categories' | 'regions'>,
): Promise<{
  categories: (CategoryText & { category_id: string })[];
  regions: { region_id: string; slug: string }[];
}> {
  const categories = await db
    .selectFrom('categories')
    .select(['category_id', 'slug', 'names', 'keywords'])
    .where('slug', 'in', content.categories)
    .where('is_active', '=', true)
    // Held until the save commits, so staff cannot deactivate a category in the same instant (ADM-255).
    .forShare()
    .execute();
  const regions = await db
    .selectFrom('regions')
    .select(['region_id', 'slug'])
    .where('slug', 'in', content.regions)
    .where('is_active', '=', true)
    .forShare()
    .execute();
  const missingCategory = content.categories.findIndex(
    (slug) => !categories.some((row) => row.slug === slug),
  );
  if (missingCategory >= 0) {
    throw new AppError('INVALID_INPUT', `Unknown category "${content.categories[missingCategory]}"`, {
      field: `categories.${missingCategory}`,
      details: [{ field: `categories.${missingCategory}`, code: 'invalid_format' }],
    });
  }
  const missingRegion = content.regions.findIndex((slug) => !regions.some((row) => row.slug === slug));
  if (missingRegion >= 0) {
    throw new AppError('INVALID_INPUT', `Unknown region "${content.regions[missingRegion]}"`, {
      field: `regions.${missingRegion}`,
      details: [{ field: `regions.${missingRegion}`, code: 'invalid_format' }],
    });
  }
  return { categories, regions };
}

async function syncLinks(
  trx: Trx,
  businessId: string,
  content: BusinessContent,
  taxonomy: Awaited<ReturnType<typeof resolveTaxonomy>>,
): Promise<void> {
  await trx.deleteFrom('business_categories').where('business_id', '=', businessId).execute();
  await trx.deleteFrom('business_regions').where('business_id', '=', businessId).execute();
  await trx
    .insertInto('business_categories')
    .values(
      content.categories.map((slug, position) => ({
        business_id: businessId,
        category_id: taxonomy.categories.find((row) => row.slug === slug)!.category_id,
        position,
      })),
    )
    .execute();
  await trx
    .insertInto('business_regions')
    .values(
      content.regions.map((slug, position) => ({
        business_id: businessId,
        region_id: taxonomy.regions.find((row) => row.slug === slug)!.region_id,
        position,
      })),
    )
    .execute();
}

export interface NewBusinessInput {
  /** Chosen by the caller when the tag suggestion needs the id first (MEDIA-022 `biz-` fallback). */
  businessId?: string;
  businessTag: string;
  content: BusinessContent;
  createdBy: string;
  status?: 'pending' | 'active';
  changeSummary?: string;
}

/** Inserts a business with content version 1 and its first history row (UI-HIST-01). */
export async function insertBusiness(trx: Trx, input: NewBusinessInput): Promise<BusinessRow> {
  const taxonomy = await resolveTaxonomy(trx, input.content);
  const derived = derivedColumns(input.content, taxonomy.categories);
  const status = input.status ?? 'pending';
  const business = await trx
    .insertInto('businesses')
    .values({
      ...derived,
      ...(input.businessId ? { business_id: input.businessId } : {}),
      business_tag: input.businessTag,
      status,
      review_state: status === 'pending' ? 'awaiting_review' : null,
      submitted_at: sql<Date>`now()`,
      approved_at: status === 'active' ? sql<Date>`now()` : null,
      approved_content_version: status === 'active' ? 1 : null,
      content_json: JSON.stringify(input.content),
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncLinks(trx, business.business_id, input.content, taxonomy);
  await trx
    .insertInto('business_content_history')
    .values({
      business_id: business.business_id,
      content_version: 1,
      content_json: JSON.stringify(input.content),
      changed_by: input.createdBy,
      change_type: 'owner_edit',
      change_summary: input.changeSummary ?? 'Created the business',
    })
    .execute();
  return business;
}

/**
 * Stores `content` as the next version of a business whose row the caller has locked, with the derived
 * columns, links and history row (UI-CJ-09). Returns the updated row.
 */
export async function writeContent(
  trx: Trx,
  input: {
    business: BusinessRow;
    content: BusinessContent;
    changedBy: string | null;
    changeType: ContentChangeType;
    changeSummary: string;
    restoredFromVersion?: number;
  },
): Promise<BusinessRow> {
  const taxonomy = await resolveTaxonomy(trx, input.content);
  const derived = derivedColumns(input.content, taxonomy.categories);
  const version = input.business.content_version + 1;
  const updated = await trx
    .updateTable('businesses')
    .set({
      ...derived,
      content_json: JSON.stringify(input.content),
      content_version: version,
      content_updated_at: sql<Date>`now()`,
    })
    .where('business_id', '=', input.business.business_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncLinks(trx, input.business.business_id, input.content, taxonomy);
  await trx
    .insertInto('business_content_history')
    .values({
      business_id: input.business.business_id,
      content_version: version,
      content_json: JSON.stringify(input.content),
      changed_by: input.changedBy,
      change_type: input.changeType,
      change_summary: input.changeSummary.slice(0, 300),
      restored_from_version: input.restoredFromVersion ?? null,
    })
    .execute();
  return updated;
}
