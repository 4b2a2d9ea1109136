import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { businessTagPattern } from '@tafuta/contracts';
import { slugify as slugText } from '@tafuta/contracts/photos';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';

/** `business_tag` rules (media.md §2): format, suggestion and availability. */

type Db = Kysely<Database> | Transaction<Database>;

const TAG_MAX = 64;

/** MEDIA-100's slug steps with MEDIA-022's limit ("Daniel's Salon" → `daniels-salon`). */
export function slugify(name: string, limit = TAG_MAX): string {
  return slugText(name, limit);
}

/** MEDIA-021. */
export function isValidTag(tag: string): boolean {
  return businessTagPattern.test(tag);
}

export function assertValidTag(tag: string, field = 'business_tag'): void {
  if (!isValidTag(tag)) {
    throw new AppError(
      'BUSINESS_TAG_INVALID',
      'A tag is 2–64 lower-case letters, digits and hyphens, starting and ending with a letter or digit',
      { field },
    );
  }
}

export async function tagAvailable(db: Db, tag: string): Promise<boolean> {
  const row = await db
    .selectFrom('businesses')
    .select('business_id')
    .where('business_tag', '=', tag)
    .executeTakeFirst();
  return row === undefined;
}

/** `base`, then `base-2`, `base-3` … with the base shortened so the whole stays within 64 characters. */
function candidate(base: string, n: number): string {
  if (n === 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, TAG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * MEDIA-022: the slug of the name, or `biz-` and 8 hex digits of the business id when the name yields
 * fewer than 2 characters (a name in another script); the first free of it and its numbered variants.
 * Looks candidates up 20 at a time, so a common name costs one or two queries.
 */
export async function suggestTag(db: Db, name: string, businessId?: string): Promise<string> {
  const slug = slugify(name);
  const base =
    slug.length >= 2 ? slug : `biz-${(businessId ?? crypto.randomUUID()).replace(/-/g, '').slice(0, 8)}`;
  for (let first = 1; ; first += 20) {
    const batch = Array.from({ length: 20 }, (_, index) => candidate(base, first + index));
    const taken = new Set(
      (
        await db.selectFrom('businesses').select('business_tag').where('business_tag', 'in', batch).execute()
      ).map((row) => row.business_tag),
    );
    const free = batch.find((tag) => !taken.has(tag));
    if (free) return free;
  }
}

/** The PostgreSQL unique violation on the tag index: someone took the tag between check and write. */
export function isTagClash(error: unknown): boolean {
  const pg = error as { code?: string; constraint?: string };
  return pg.code === '23505' && pg.constraint === 'businesses_business_tag_key';
}

export const tagTaken = () =>
  new AppError('BUSINESS_TAG_TAKEN', 'Another business uses this tag; choose another', {
    field: 'business_tag',
  });
