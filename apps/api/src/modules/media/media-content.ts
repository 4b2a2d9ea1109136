import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { findBusiness } from '../businesses/access.js';
import { writeContent } from '../businesses/business.repo.js';
import { stamp, validateContent } from '../businesses/content-document.js';

/**
 * `content_json.media` (MEDIA-220/221, ERRATA 15): type key → ordered slugs. Media changes touch only
 * that key, on the freshly locked row, as a new content version through the businesses module's
 * `writeContent` (history, derived columns), so a concurrent text edit is never overwritten.
 */

export type MediaRefs = Record<string, string[]>;

export function mediaOf(content: Record<string, unknown>): MediaRefs {
  const media = content.media;
  if (media === null || typeof media !== 'object' || Array.isArray(media)) return {};
  const refs: MediaRefs = {};
  for (const [type, list] of Object.entries(media)) {
    if (Array.isArray(list)) refs[type] = list.filter((slug): slug is string => typeof slug === 'string');
  }
  return refs;
}

export interface MediaActor {
  userId: string;
  staffRole: string | null;
  ip: string | null;
  requestId: string | null;
  /** The permission came from the staff column (businessForActor's `asStaff`). */
  asStaff: boolean;
}

export interface MediaChange {
  /** Returns the new references, or null when nothing changes. */
  edit?: (refs: MediaRefs) => MediaRefs | null;
  summary: string;
  /** Audit action (snake_case, MEDIA-263) for staff changes. */
  auditAction: string;
  auditValue: Record<string, unknown>;
  reason?: string | null;
  /** UI-CJ-06: a deleted image's gallery captions go with it, in every language. */
  dropCaptionsOf?: string;
}

/**
 * The document without `website.{lang}.gallery.captions[slug]` (empty caption maps removed too), or
 * null when no language has a caption for it.
 */
function withoutCaptions(content: Record<string, unknown>, slug: string): Record<string, unknown> | null {
  const website = content.website;
  if (website === null || typeof website !== 'object' || Array.isArray(website)) return null;
  let changed = false;
  const languages: Record<string, unknown> = {};
  for (const [language, texts] of Object.entries(website as Record<string, unknown>)) {
    const gallery = (texts as { gallery?: { captions?: Record<string, string> } } | null)?.gallery;
    if (!gallery?.captions || !Object.hasOwn(gallery.captions, slug)) {
      languages[language] = texts;
      continue;
    }
    changed = true;
    const { [slug]: _dropped, ...captions } = gallery.captions;
    const { captions: _old, ...rest } = gallery;
    languages[language] = {
      ...(texts as Record<string, unknown>),
      gallery: Object.keys(captions).length > 0 ? { ...rest, captions } : rest,
    };
  }
  return changed ? { ...content, website: languages } : null;
}

/**
 * Writes the reference change (and any caption it drops) as one content version, with the staff audit
 * row in the same transaction (written even when nothing changed). Returns whether the document changed.
 */
export async function applyMediaChange(
  deps: { db: Kysely<Database>; logger: Logger },
  businessId: string,
  actor: MediaActor,
  change: MediaChange,
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const business = await findBusiness(trx, businessId, { forUpdate: true });
    if (!business) return false;
    const current = business.content_json;
    const next = change.edit ? change.edit(mediaOf(current)) : null;
    const uncaptioned = change.dropCaptionsOf ? withoutCaptions(current, change.dropCaptionsOf) : null;
    if (next !== null || uncaptioned !== null) {
      const document: Record<string, unknown> = { ...(uncaptioned ?? current) };
      if (next !== null) {
        const media = Object.fromEntries(Object.entries(next).filter(([, slugs]) => slugs.length > 0));
        if (Object.keys(media).length === 0) delete document.media;
        else document.media = media;
      }
      const content = validateContent(
        stamp(document, { userId: actor.userId, type: actor.asStaff ? 'admin' : 'owner' }),
      );
      await writeContent(trx, {
        business,
        content,
        changedBy: actor.userId,
        changeType: actor.asStaff ? 'admin_edit' : 'owner_edit',
        changeSummary: change.summary,
      });
    }
    if (actor.asStaff) {
      await writeAuditInTransaction(trx, {
        actorId: actor.userId,
        actorRole: actor.staffRole,
        action: change.auditAction,
        entityType: 'business',
        entityId: businessId,
        entityLabel: business.business_name,
        newValue: change.auditValue,
        reason: change.reason ?? null,
        ip: actor.ip,
        requestId: actor.requestId,
      });
    }
    return next !== null || uncaptioned !== null;
  });
}

export const appendSlug =
  (type: string, slug: string) =>
  (refs: MediaRefs): MediaRefs | null => {
    const list = refs[type] ?? [];
    if (list.includes(slug)) return null;
    return { ...refs, [type]: [...list, slug] };
  };

export const removeSlug =
  (slug: string) =>
  (refs: MediaRefs): MediaRefs | null => {
    if (!Object.values(refs).some((list) => list.includes(slug))) return null;
    return Object.fromEntries(
      Object.entries(refs).map(([type, list]) => [type, list.filter((s) => s !== slug)]),
    );
  };
