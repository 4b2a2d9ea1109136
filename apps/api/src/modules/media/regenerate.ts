import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { withMediaLock } from './lock.js';
import type { PipelineConfig } from './pipeline-config.js';
import { regenerateImage } from './pipeline.js';
import { imagesOfType } from './spec-file.js';
import { businessFolder, type MediaIo } from './storage.js';

/**
 * `media regenerate` (MEDIA-186/187): every output rebuilt from originals + specs with the current
 * config, one image at a time, each business under its lock. Outputs already right are left alone, so
 * a second run changes nothing and a run after a restore only fills what is missing.
 */

export interface RegenerateFilter {
  businessTag?: string | undefined;
  type?: string | undefined;
}

export interface RegenerateSummary {
  businesses: number;
  images: number;
  regenerated: number;
  unchanged: number;
  failed: { folder: string; type: string; slug: string; reason: string }[];
}

export interface RegenerateProgress {
  (done: number, total: number, label: string): void;
}

interface Job {
  businessId: string;
  folder: string;
  type: string;
  slug: string;
}

export async function regenerateMedia(deps: {
  db: Kysely<Database>;
  mediaPath: string;
  config: PipelineConfig;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  filter?: RegenerateFilter;
  onProgress?: RegenerateProgress;
  io?: MediaIo;
}): Promise<RegenerateSummary> {
  const filter = deps.filter ?? {};
  const types = deps.config.types.filter((type) => !filter.type || type.key === filter.type);
  if (filter.type && types.length === 0) throw new Error(`Unknown image type "${filter.type}"`);
  let query = deps.db
    .selectFrom('businesses')
    .select(['business_id', 'business_tag'])
    .where('status', '!=', 'deleted')
    .orderBy('business_tag');
  if (filter.businessTag) query = query.where('business_tag', '=', filter.businessTag);
  const businesses = await query.execute();
  if (filter.businessTag && businesses.length === 0)
    throw new Error(`No business with tag "${filter.businessTag}"`);

  const jobs: Job[] = [];
  let withMedia = 0;
  for (const business of businesses) {
    const folder = await businessFolder(deps.mediaPath, business, deps.logger);
    if (!(await fs.stat(folder).catch(() => null))) continue;
    withMedia += 1;
    for (const type of types) {
      for (const image of await imagesOfType(folder, type.key, deps.logger)) {
        jobs.push({ businessId: business.business_id, folder, type: type.key, slug: image.slug });
      }
    }
  }

  const summary: RegenerateSummary = {
    businesses: withMedia,
    images: jobs.length,
    regenerated: 0,
    unchanged: 0,
    failed: [],
  };
  for (const [index, job] of jobs.entries()) {
    const label = `${path.basename(job.folder).split('_')[0]}/${job.type}/${job.slug}`;
    try {
      // One image per lock hold: the live site keeps working between images (MEDIA-187).
      const result = await withMediaLock(deps.db, job.businessId, () =>
        regenerateImage({
          folder: job.folder,
          type: types.find((type) => type.key === job.type)!,
          slug: job.slug,
          config: deps.config,
          logger: deps.logger,
          io: deps.io,
        }),
      );
      summary[result] += 1;
    } catch (error) {
      summary.failed.push({
        folder: path.basename(job.folder),
        type: job.type,
        slug: job.slug,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    deps.onProgress?.(index + 1, jobs.length, label);
  }
  return summary;
}

/** A one-line progress bar for a terminal (stderr), redrawn in place. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }): RegenerateProgress {
  const width = 30;
  return (done, total, label) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
    stream.write(stream.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
    if (done === total && stream.isTTY) stream.write('\n');
  };
}
