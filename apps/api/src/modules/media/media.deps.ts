import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { MediaAppConfig } from './app-config.js';
import { pipelineConfigOf, type PipelineConfig } from './pipeline-config.js';
import type { ProcessingSlot } from './slot.js';
import type { MediaUrlResolver } from './urls.js';
import type { MediaIo } from './storage.js';

/** What the media service needs, narrowed so tests can swap the file operations or free-space check. */
export interface MediaDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** MEDIA_PATH. */
  mediaPath: string;
  /** MEDIA_BASE_URL, e.g. https://tafuta.ke/media (MEDIA-223). */
  mediaBaseUrl: string;
  mediaConfig: { peek(): MediaAppConfig | null };
  slot: ProcessingSlot;
  io?: MediaIo;
  hasFreeSpace?: (mediaPath: string) => Promise<boolean>;
  /** MEDIA-224: this process's URL resolver; a business's cached listing is dropped after each write. */
  urls?: Pick<MediaUrlResolver, 'invalidate'>;
  /** Search replies cached in this process change when the logo or photos do. */
  onListingChanged?: () => void;
  lockWaitMs?: number;
}

const converted = new WeakMap<MediaAppConfig, PipelineConfig>();

/** MEDIA-087: one snapshot per operation; none loaded at all is 503 MEDIA_CONFIG_UNAVAILABLE. */
export function configSnapshot(deps: Pick<MediaDeps, 'mediaConfig'>): PipelineConfig {
  const loaded = deps.mediaConfig.peek();
  if (!loaded) {
    throw new AppError(
      'MEDIA_CONFIG_UNAVAILABLE',
      'Photo uploads are unavailable right now; try again later',
    );
  }
  let config = converted.get(loaded);
  if (!config) {
    config = pipelineConfigOf(loaded, loaded.config_version);
    converted.set(loaded, config);
  }
  return config;
}
