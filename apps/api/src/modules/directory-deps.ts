import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../http/logger.js';
import type { RateLimitStoreFactory } from '../http/rate-limit/stores.js';
import type { MediaUrlResolver } from './media/urls.js';
import type { Notifier } from './notifications/notifier.js';

/**
 * Signals between the directory modules that must not import each other: a listing changed (search
 * replies cached in this process are stale), a DNS change was queued (wake the DNS worker).
 */
export interface DirectoryEvents {
  listingsChanged(): void;
  dnsQueued(): void;
  onListingsChanged(listener: () => void): void;
  onDnsQueued(listener: () => void): void;
}

export function createDirectoryEvents(): DirectoryEvents {
  const listings: (() => void)[] = [];
  const dns: (() => void)[] = [];
  return {
    listingsChanged: () => listings.forEach((listener) => listener()),
    dnsQueued: () => dns.forEach((listener) => listener()),
    onListingsChanged: (listener) => void listings.push(listener),
    onDnsQueued: (listener) => void dns.push(listener),
  };
}

/** What the directory routers (businesses, approvals, subdomains, catalogue, search, tracking) need. */
export interface DirectoryDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  rateLimitStores: RateLimitStoreFactory;
  events: DirectoryEvents;
  /** https://tafuta.ke: links in messages. */
  appUrl: string;
  /** SITE_APEX_DOMAIN (tafuta.ke): websites live at {subdomain}.{apexDomain}. */
  apexDomain: string;
  /** Where media URLs point (MEDIA-223), e.g. https://tafuta.ke/media. */
  mediaBaseUrl: string;
  /**
   * MEDIA-224: public views hand out URLs only for outputs that exist (app.ts shares one resolver with
   * the media module, which drops a business's cached listing after each write). Without it, plain URLs.
   */
  mediaUrls?: Pick<MediaUrlResolver, 'lookup'> | undefined;
  /**
   * MEDIA_PATH: business media folders `{business_tag}_{business_id}` live here (MEDIA-002). Optional
   * only so routers that never touch media can be built without it; app.ts always sets it.
   */
  mediaPath?: string;
  /** Outside production only: number prefixes tests may use (PHN-05). */
  phoneTestPrefixes: readonly string[];
}
