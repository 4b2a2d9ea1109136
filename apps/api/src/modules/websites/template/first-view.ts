import type { ImageUrls } from '../model.js';
import { sectionShown, type PageContext } from './context.js';
import { LIMITS, type Local } from './text.js';

/**
 * UI-PERF-05 on the phone every visitor has (360×640 CSS px): images in the first view are never lazy,
 * and the one likely to be the largest paint gets `fetchpriority="high"` and a preload in the head.
 *
 * The two candidates are the hero banner (360×120 at the top, 43,200 px²) and the About photo, the
 * first thing under the hero (328×246, up to 80,688 px²). Which one Chromium reports as the LCP depends
 * on how much of the photo shows above the fold, so its top is estimated from the hero's text: with a
 * short title, a subtitle, the badge and the Call buttons it starts near y = 500 and wins (Lighthouse
 * names `img.pic`); a long title and subtitle push it below the banner's area or out of view. The line
 * lengths are those of the system fonts at these sizes; an estimate a line or two off only moves the
 * choice when the two areas are nearly equal, where either is a fine guess.
 */

export type ImageLoad = 'lcp' | 'eager' | 'lazy';

export interface FirstView {
  banner: ImageLoad | null;
  about: ImageLoad | null;
}

const VIEW_WIDTH = 360;
const VIEW_HEIGHT = 640;
/** `.w` has 16 px padding each side. */
const CONTENT_WIDTH = VIEW_WIDTH - 32;
/** `.pic` is 4:3; `.ban`/`.band` 3:1. */
const PHOTO_HEIGHT = Math.round((CONTENT_WIDTH * 3) / 4);
const BAND_HEIGHT = VIEW_WIDTH / 3;
const BANNER_AREA = VIEW_WIDTH * BAND_HEIGHT;

/** `sizes` of the banner: full width on phones, 608 px inside the 640 px column (css.ts). */
export const BANNER_SIZES = '(min-width: 640px) 608px, 100vw';

/**
 * The About photo's files: only `large` (800×600, 4:3, sharp at 328 px on DPR 2). `small` is a 300×300
 * square crop (media.md MEDIA-082), a different picture rather than a smaller copy, so it never enters
 * the `srcset`; it serves only when `large` is missing.
 */
export function aboutUrls(urls: ImageUrls): ImageUrls {
  return urls.large ? { large: urls.large } : urls;
}

/** The hero's title and subtitle (UI-WEB-07 §2): the owner's, else the name and the tagline. */
export function heroText(page: Pick<PageContext, 'text' | 'name'>): { title: Local; subtitle: Local | null } {
  return {
    title: page.text.website(['hero', 'title'], LIMITS.hero_title) ?? page.name,
    subtitle: page.text.website(['hero', 'subtitle'], LIMITS.hero_subtitle) ?? page.text.profile('tagline'),
  };
}

/**
 * Lines a text takes when wrapped at spaces, `perLine` characters to a line; a longer word breaks
 * anywhere (the stylesheet's `overflow-wrap: anywhere`).
 */
export function wrappedLines(text: string, perLine: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.trim().split(/\s+/)) {
    const length = Array.from(word).length;
    if (used > 0 && used + 1 + length <= perLine) {
      used += 1 + length;
      continue;
    }
    // A new line (unless this is the first word), plus the lines a long word spills onto.
    lines += (used > 0 ? 1 : 0) + Math.floor(Math.max(0, length - 1) / perLine);
    used = length % perLine || perLine;
  }
  return lines;
}

/**
 * Estimated top of the About photo at 360 px, in CSS px from the top of the page, from css.ts's metrics
 * (measured in Chromium: the h1 starts at 196 px, under the top bar and the band) and the characters a
 * line holds in the system fonts: h1 26 px bold 18, subtitle 16 px 38, h2 20 px bold 27; a button is
 * 70 px of padding, border and icon plus 11 px a character.
 */
export function aboutPhotoTop(page: Omit<PageContext, 'firstView'>): number {
  const { title, subtitle } = heroText(page);
  let end = 196 + wrappedLines(title.text, 18) * 32;
  // Bottom margin of the last block: margins between blocks collapse to the larger one.
  let margin = 4;
  if (subtitle) {
    end += margin + wrappedLines(subtitle.text, 38) * 24;
    margin = 8;
  }
  if (page.model.badge) {
    // An inline-flex pill: its own margins stay inside its line.
    end += margin + 4 + 25 + 8;
    margin = 0;
  }
  const words = [page.callHref ? page.s.call : null, page.whatsappHref ? page.s.whatsapp : null];
  const widths = words.filter((word) => word !== null).map((word) => 70 + Array.from(word).length * 11);
  if (widths.length > 0) {
    const rows =
      widths.reduce((sum, width) => sum + width, 0) + 8 * (widths.length - 1) > CONTENT_WIDTH ? 2 : 1;
    end += Math.max(margin, 16) + rows * 44 + (rows - 1) * 8;
    margin = 16;
  }
  // The hero's bottom padding, the About section's border and top padding, its h2 and the gap under it.
  const ownTitle = page.text.website(['about', 'title'], LIMITS.about_title);
  const heading = wrappedLines(ownTitle?.text ?? page.s.aboutTitle, 27) * 28 + 12;
  return end + margin + 24 + 1 + 24 + heading;
}

export function firstViewOf(page: Omit<PageContext, 'firstView'>): FirstView {
  const hasBanner = page.model.images.banner !== null;
  const hasPhoto = page.model.images.about !== null && sectionShown(page, 'about');
  const top = hasPhoto ? aboutPhotoTop(page) : VIEW_HEIGHT;
  const photoArea = CONTENT_WIDTH * Math.min(PHOTO_HEIGHT, Math.max(0, VIEW_HEIGHT - top));
  const photoWins = photoArea > 0 && (!hasBanner || photoArea > BANNER_AREA);
  return {
    banner: hasBanner ? (photoWins ? 'eager' : 'lcp') : null,
    about: hasPhoto ? (photoWins ? 'lcp' : photoArea > 0 ? 'eager' : 'lazy') : null,
  };
}

/** Attributes of a content image by how it loads: lazy below the fold, `fetchpriority` on the LCP only. */
export function loadingAttrs(load: ImageLoad): string {
  if (load === 'lazy') return ' loading="lazy" decoding="async"';
  return load === 'lcp' ? ' fetchpriority="high" decoding="async"' : ' decoding="async"';
}
