import crypto from 'node:crypto';
import type { Language } from '@tafuta/contracts';
import type { WebsiteModel } from './model.js';
import { contactHrefs, type PageContext } from './template/context.js';
import { firstViewOf } from './template/first-view.js';
import { renderHead } from './template/head.js';
import { attr, escapeHtml } from './template/html.js';
import { iconSprite, type IconName } from './template/icons.js';
import { about, gallery, hero, services, topBar } from './template/sections.js';
import {
  contactBar,
  contactSection,
  footer,
  hoursSection,
  locationSection,
} from './template/sections-info.js';
import { stringsFor } from './template/strings.js';
import { ContentText } from './template/text.js';

/**
 * The "classic" business website (ui.md §8.3) as one HTML document: pure (no I/O), no JavaScript,
 * one inline stylesheet. The caller (the host router or the preview route) picks the language and sends
 * the headers (UI-WEB-03/04).
 */

export interface RenderOptions {
  lang: Language;
  /** UI-WEB-06: ribbon, `noindex`, no tracking. */
  preview: boolean;
  /** The instant for open-now and the © year; the model's `now` when left out. */
  now?: Date;
}

export interface RenderedWebsite {
  html: string;
  /** Strong, quoted ETag of the HTML (UI-WEB-04). */
  etag: string;
}

export function etagOf(html: string): string {
  return `"${crypto.createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`;
}

export function pageContext(model: WebsiteModel, options: RenderOptions): PageContext {
  const s = stringsFor(options.lang);
  const text = new ContentText(model.content, options.lang);
  const name = text.profile('business_name') ?? { text: model.businessName, lang: 'en' as Language };
  const page = {
    model,
    lang: options.lang,
    s,
    text,
    name,
    now: options.now ?? model.now,
    preview: options.preview,
    ...contactHrefs(model, s, name.text),
  };
  return { ...page, firstView: firstViewOf(page) };
}

/** The icons a page draws, so the sprite carries only those. */
function iconsUsed(body: string): IconName[] {
  return [...body.matchAll(/href="#i-([a-z]+)"/g)].map((match) => match[1] as IconName);
}

export function renderWebsite(model: WebsiteModel, options: RenderOptions): RenderedWebsite {
  const page = pageContext(model, options);
  const sections = [
    hero(page),
    about(page),
    services(page),
    gallery(page),
    hoursSection(page),
    locationSection(page),
    contactSection(page),
  ].join('');
  const bar = contactBar(page);
  const body = [
    `<a class="skip" href="#main">${escapeHtml(page.s.skipToContent)}</a>`,
    page.preview ? `<p class="rib" role="status">${escapeHtml(page.s.previewRibbon)}</p>` : '',
    topBar(page),
    `<main id="main">${sections}</main>`,
    footer(page),
    bar,
  ].join('');
  const html =
    `<!doctype html><html${attr('lang', options.lang)}>${renderHead(page)}` +
    `<body${bar ? ' class="hb"' : ''}>${iconSprite(iconsUsed(body))}${body}</body></html>`;
  return { html, etag: etagOf(html) };
}
