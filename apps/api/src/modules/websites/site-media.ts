import type { MediaUrlResolver } from '../media/urls.js';
import type { ImageUrls, WebsiteModel } from './model.js';

/**
 * A website's images from its own origin (`https://{subdomain}.{apex}/media/…`): on a phone on 3G the
 * hero image then rides the page's connection instead of opening a second one to the apex (about three
 * round trips before the LCP image can start), and no browser treats the image as cross-site (Chromium
 * refuses `Cross-Origin-Resource-Policy: same-site` images from `localhost` to `demo-shop.localhost`).
 * Caddy serves /media on website hosts exactly as on the apex (deploy/caddy/tafuta.caddy, tafuta_media).
 * Only URLs under the app's own media base move; a CDN base (scale-out, MEDIA_BASE_URL) stays as it is.
 */
export function onSiteOrigin(model: WebsiteModel, mediaBaseUrl: string, siteOrigin: string): WebsiteModel {
  const from = `${mediaBaseUrl}/`;
  const to = `${siteOrigin}/media/`;
  const move = (url: string) => (url.startsWith(from) ? to + url.slice(from.length) : url);
  const moveAll = (urls: ImageUrls | null): ImageUrls | null =>
    urls
      ? Object.fromEntries(
          Object.entries(urls).map(([size, url]) => [size, url === undefined ? url : move(url)]),
        )
      : null;
  return {
    ...model,
    images: {
      logo: moveAll(model.images.logo),
      banner: moveAll(model.images.banner),
      about: moveAll(model.images.about),
      gallery: model.images.gallery.map((image) => ({
        ...image,
        thumb: move(image.thumb),
        medium: move(image.medium),
      })),
    },
  };
}

/** The origin a website host is served on: https in production, the dev server's own for *.localhost. */
export function siteOriginOf(
  target: { localHost: boolean; port: string | null },
  label: string,
  apexDomain: string,
): string {
  return target.localHost
    ? `http://${label}.localhost${target.port ? `:${target.port}` : ''}`
    : `https://${label}.${apexDomain}`;
}

type ListingResolver = Pick<MediaUrlResolver, 'invalidate'>;
const guards = new WeakMap<ListingResolver, (businessId: string, contentVersion: number) => void>();
/** Businesses remembered per process; past this the oldest is forgotten (and re-listed once). */
const MAX_REMEMBERED = 10_000;

/**
 * The media URL listing of a business is cached for a minute per process (MEDIA-224) and dropped only by
 * the process that wrote the files. Uploads, deletes and reorders all write a new content version
 * (media-content.ts), which every process learns at once (the listings NOTIFY), so a website rendering a
 * version it has not listed media for yet reads the folder again: a photo uploaded through the other
 * PM2 process shows on the next request instead of up to a minute later. One guard per resolver.
 */
export function mediaListingGuard(
  urls: ListingResolver,
): (businessId: string, contentVersion: number) => void {
  const existing = guards.get(urls);
  if (existing) return existing;
  const listedFor = new Map<string, number>();
  const guard = (businessId: string, contentVersion: number) => {
    if (listedFor.get(businessId) === contentVersion) return;
    urls.invalidate(businessId);
    listedFor.delete(businessId);
    listedFor.set(businessId, contentVersion);
    if (listedFor.size > MAX_REMEMBERED) listedFor.delete(listedFor.keys().next().value!);
  };
  guards.set(urls, guard);
  return guard;
}
