import { z } from 'zod';
import { categorySlug, regionSlug } from './business-content.js';
import { paginationQuerySchema } from './envelope.js';

/** EP-ADM-03 / ADM-105..107: the approval queue's sort, filters and the "waiting for owner" toggle. */
export const PENDING_QUEUE_SORTS = ['oldest', 'newest', 'region'] as const;
export const pendingQueueQuery = paginationQuerySchema
  .extend({
    sort: z.enum(PENDING_QUEUE_SORTS).default('oldest'),
    region: regionSlug.optional(),
    category: categorySlug.optional(),
    /** `changes_requested`: the read-only list of rejected businesses waiting for their owner. */
    state: z.enum(['awaiting_review', 'changes_requested']).default('awaiting_review'),
  })
  .strict();
export type PendingQueueQuery = z.infer<typeof pendingQueueQuery>;

/** ADM-107: the age colour of a queue card. */
export const SLA_COLOURS = ['neutral', 'amber', 'red'] as const;
export type SlaColour = (typeof SLA_COLOURS)[number];
