import type { Language } from '@tafuta/contracts';
import type { ImageUrls, WebsiteModel } from '../model.js';
import { attr, escapeHtml, fill, langAttr, telHref, whatsappHref } from './html.js';
import type { FirstView } from './first-view.js';
import type { WebsiteStrings } from './strings.js';
import { clip, field, LIMITS, type ContentText, type Local } from './text.js';

/** What every section renderer of one page view shares. */
export interface PageContext {
  model: WebsiteModel;
  lang: Language;
  s: WebsiteStrings;
  text: ContentText;
  /** The business name in the page language (UI-CJ-03 fallback). */
  name: Local;
  now: Date;
  preview: boolean;
  /** Contact actions (ui.md §5.5), null when the data is missing or malformed. */
  callHref: string | null;
  whatsappHref: string | null;
  directionsHref: string | null;
  /** How the hero banner and the About photo load on a phone (first-view.ts, UI-PERF-05). */
  firstView: FirstView;
}

/** Business text as an element: escaped, with its own `lang` when it is not the page language. */
export function localHtml(tag: string, local: Local, pageLang: Language, className?: string): string {
  return `<${tag}${attr('class', className)}${langAttr(local.lang, pageLang)}>${escapeHtml(local.text)}</${tag}>`;
}

/** Business text inside a sentence: a span only when its language differs from the page's. */
export function inlineLocal(local: Local, pageLang: Language): string {
  const html = escapeHtml(local.text);
  return local.lang === pageLang ? html : `<span lang="${local.lang}">${html}</span>`;
}

/** UI-ACT-03: coordinates when known, else street and landmark with the town; null without either. */
export function directionsHref(model: WebsiteModel): string | null {
  const geo = field(model.content, 'location', 'geo') as { lat?: unknown; lng?: unknown } | null | undefined;
  if (geo && typeof geo.lat === 'number' && typeof geo.lng === 'number') {
    if (Number.isFinite(geo.lat) && Number.isFinite(geo.lng)) {
      return `https://www.google.com/maps/dir/?api=1&destination=${geo.lat},${geo.lng}`;
    }
  }
  const street = clip(field(model.content, 'location', 'street_address1'), LIMITS.street);
  const landmark = clip(field(model.content, 'location', 'street_address2'), LIMITS.street);
  if (!street && !landmark) return null;
  const town = clip(field(model.content, 'location', 'city'), LIMITS.city) ?? model.city;
  const query = [street, landmark, town, 'Kenya'].filter(Boolean).join(', ');
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`;
}

export function contactHrefs(model: WebsiteModel, s: WebsiteStrings, name: string) {
  const phone = field(model.content, 'contact', 'phone') ?? model.phone;
  return {
    callHref: telHref(phone),
    whatsappHref: whatsappHref(
      field(model.content, 'contact', 'whatsapp'),
      fill(s.whatsappGreeting, { name }),
    ),
    directionsHref: directionsHref(model),
  };
}

/** MEDIA-083 default sizes: `width`/`height` attributes, so nothing shifts while images load. */
export const IMAGE_SIZES: Record<string, Record<string, { width: number; height: number }>> = {
  logo: {
    icon: { width: 64, height: 64 },
    small: { width: 128, height: 128 },
    medium: { width: 256, height: 256 },
  },
  banner: {
    '300x100': { width: 300, height: 100 },
    '600x200': { width: 600, height: 200 },
    '1200x400': { width: 1200, height: 400 },
  },
  profile: { small: { width: 300, height: 300 }, large: { width: 800, height: 600 } },
  gallery: { thumb: { width: 150, height: 150 }, medium: { width: 600, height: 450 } },
};

/** The files of one image for `<img>` and its preload link: the `src`, a width-described `srcset`, the box. */
export interface ImageSources {
  src: string;
  /** Every distinct file with its width; null when there is only one. */
  srcset: string | null;
  width: number;
  height: number;
}

/** `src` is the `preferred` size, else the largest there is; width/height are those of the `src` file. */
export function imageSources(type: string, urls: ImageUrls, preferred: string): ImageSources | null {
  const table = IMAGE_SIZES[type] ?? {};
  const present = Object.keys(table).filter((size) => urls[size]);
  const chosen = urls[preferred] ? preferred : present[present.length - 1];
  if (!chosen) return null;
  const box = table[chosen]!;
  return {
    src: urls[chosen]!,
    srcset:
      present.length > 1 ? present.map((size) => `${urls[size]} ${table[size]!.width}w`).join(', ') : null,
    width: box.width,
    height: box.height,
  };
}

/** `<img>` attributes for one image: `src`, `srcset` + `sizes` when there is a choice, `width`/`height`. */
export function imageAttrs(type: string, urls: ImageUrls, preferred: string, sizes: string): string {
  const sources = imageSources(type, urls, preferred);
  if (!sources) return '';
  return (
    attr('src', sources.src) +
    (sources.srcset ? attr('srcset', sources.srcset) + attr('sizes', sizes) : '') +
    attr('width', sources.width) +
    attr('height', sources.height)
  );
}

/** `website_settings.sections`: shown unless the owner set the flag to false. */
export function sectionShown(page: Pick<PageContext, 'model'>, key: string): boolean {
  const settings = (page.model.content as { website_settings?: { sections?: Record<string, unknown> } })
    .website_settings;
  return settings?.sections?.[key] !== false;
}

/** UI-DS-12: first letter of the first one or two words, upper case. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean).slice(0, 2);
  return words.map((word) => Array.from(word)[0]?.toLocaleUpperCase('en') ?? '').join('') || '?';
}
