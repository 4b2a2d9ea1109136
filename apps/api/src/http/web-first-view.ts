import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language, type SearchQuery } from '@tafuta/contracts';
import type { LandingReply, PreparedReply } from '../modules/search/search.service.js';
import type { PublicBusiness } from '../modules/search/public-business.js';

/**
 * The first view, in index.html (issue 8 item 7: LCP on 3G). Without it a phone paints nothing until
 * ~120 KB of JS has arrived and run and /api/search has answered: three round trips and ~1 s of
 * transfer on the spec's 3G profile. For `/`, landing pages and detail pages the server therefore
 * sends index.html with
 *  - the CSS inlined (one render-blocking request fewer),
 *  - plain HTML of what the page shows first (title, first cards, detail banner and name), built from
 *    the same service calls as /api/search and /api/public/businesses, every value escaped,
 *  - that data as JSON (`#tafuta-first-view`), which the app puts in its cache before its first render
 *    (apps/web/src/lib/first-view.ts), so React replaces the markup with the same content at once
 *    instead of skeletons and a second request.
 * The app's createRoot replaces this markup; it is not hydrated, so it need not match React's output
 * byte for byte, only look the same (CLS).
 */

export interface FirstViewSource {
  search(query: SearchQuery): Promise<PreparedReply>;
  landing(query: { region?: string; category?: string; lang: Language }): Promise<LandingReply>;
  publicBusiness(tag: string, lang: Language): Promise<PublicBusiness>;
}

type Catalogue = Record<string, Record<string, string>>;

interface ListingCard {
  business_id: string;
  business_tag: string;
  name: string;
  name_lang: string;
  tagline: string | null;
  city: string;
  phone: string;
  hosted: boolean;
  categories: { name: string }[];
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const BUSINESS_TAG = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;
/** Cards pre-rendered: what fills a 360×640 screen and a little more; the rest come with the app. */
const CARDS = 6;
const CACHE_TTL_MS = 30_000;
const CACHE_ENTRIES = 500;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** JSON inside <script type="application/json">: nothing in it may close the element or open a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The app's own order (apps/web/src/i18n/language.ts): ?lang=, the cookie, the browser, English. */
export function pickLanguage(lang: unknown, cookie: string | undefined, acceptLanguage: string | undefined) {
  if (isLanguage(lang)) return lang;
  const fromCookie = /(?:^|;\s*)tafuta_lang=([^;]*)/.exec(cookie ?? '')?.[1];
  if (isLanguage(fromCookie)) return fromCookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().split(/[-;]/)[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

/** 0712 345 678, as the app prints phones (apps/web/src/lib/phone.ts). */
function localPhone(e164: string): string {
  const digits = /^\+254(\d{9})$/.exec(e164)?.[1];
  return digits ? `0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : e164;
}

/**
 * Client routes (apps/web/src/router.tsx and ui.md §2) whose pages are not pre-rendered: answered 200
 * with the plain shell. Any other path is the 404 page (UI-STAT-04: HTTP 404 for unknown routes).
 */
const APP_PAGES = new Set([
  '/search',
  '/categories',
  '/terms',
  '/privacy',
  '/about',
  '/contact',
  '/list-your-business',
  '/login',
  '/login/verify',
  '/login/password',
  '/register',
  '/register/verify',
  '/forgot-password',
  '/consent',
  '/offline',
]);
/** Sections with their own sub-routes: the owner dashboard, the back office, account states, SMS links. */
const APP_SECTIONS = /^\/(config|admin|account|renew)(\/|$)/;

/**
 * The HTTP status of a page the server cannot pre-render: 200 for a client route, 404 for anything else
 * (malformed business tags and landing slugs included, as the app shows its 404 page for them).
 */
export function shellStatus(pathname: string): 200 | 404 {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || APP_PAGES.has(path) || APP_SECTIONS.test(path)) return 200;
  return 404;
}

export type FirstViewRoute =
  | { kind: 'home' }
  | { kind: 'landing'; region?: string; category?: string }
  | { kind: 'detail'; tag: string };

/** Which pages get a first view; anything else is the plain index.html. */
export function firstViewRoute(pathname: string): FirstViewRoute | null {
  if (pathname === '/') return { kind: 'home' };
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 2 && parts[0] === 'category' && SLUG.test(parts[1]!))
    return { kind: 'landing', category: parts[1] };
  if (parts.length === 2 && parts[0] === 'region' && SLUG.test(parts[1]!))
    return { kind: 'landing', region: parts[1] };
  if (
    parts.length === 4 &&
    parts[0] === 'region' &&
    parts[2] === 'category' &&
    SLUG.test(parts[1]!) &&
    SLUG.test(parts[3]!)
  )
    return { kind: 'landing', region: parts[1], category: parts[3] };
  if (parts.length === 2 && parts[0] === 'business' && BUSINESS_TAG.test(parts[1]!))
    return { kind: 'detail', tag: parts[1]! };
  return null;
}

function card(item: ListingCard, t: (key: string, values?: Record<string, string | number>) => string) {
  const name = escapeHtml(item.name);
  const title = item.hosted
    ? `<a href="/business/${escapeHtml(encodeURIComponent(item.business_tag))}">${name}</a>`
    : name;
  const primary = item.categories[0];
  const meta = primary ? t('card.meta', { category: primary.name, town: item.city }) : item.city;
  const initial = escapeHtml(Array.from(item.name.trim())[0]?.toUpperCase() ?? '?');
  return (
    `<li><article class="card relative p-4"><div class="flex gap-3">` +
    `<div aria-hidden="true" class="flex size-14 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-h2 font-bold text-brand-700">${initial}</div>` +
    `<div class="min-w-0 flex-1 space-y-0.5"><h3 class="line-clamp-2 pr-16 text-h3 font-bold" lang="${escapeHtml(item.name_lang)}">${title}</h3>` +
    `<p class="text-small text-grey-600">${escapeHtml(meta)}</p>` +
    (item.tagline ? `<p class="line-clamp-2 text-small text-grey-600">${escapeHtml(item.tagline)}</p>` : '') +
    `<p class="text-small">${escapeHtml(localPhone(item.phone))}</p></div></div>` +
    `<div class="mt-3 h-11"></div></article></li>`
  );
}

interface Rendered {
  main: string;
  head: string;
  data: Record<string, unknown>;
}

export interface FirstViewOptions {
  source: FirstViewSource;
  /** Reads the catalogue of a language (the web build writes dist/locales/<lang>.json). */
  catalogue(lang: Language): Catalogue;
}

function translator(catalogue: Catalogue, english: Catalogue) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const [section = '', name = ''] = key.split('.');
    const template = catalogue[section]?.[name] ?? english[section]?.[name] ?? '';
    return interpolate(template, values);
  };
}

/** Builds the first view of a route; a 404 or any failure gives null and the plain shell is sent. */
export async function renderFirstView(
  route: FirstViewRoute,
  lang: Language,
  seed: number,
  options: FirstViewOptions,
): Promise<Rendered | null> {
  const t = translator(options.catalogue(lang), options.catalogue('en'));
  if (route.kind === 'detail') {
    const business = await options.source.publicBusiness(route.tag, lang);
    const banner = business.media.banners[0];
    const head = banner
      ? `<link rel="preload" as="image" href="${escapeHtml(banner.url)}" imagesrcset="${escapeHtml(`${banner.url} 600w, ${banner.url_wide} 1200w`)}" imagesizes="(min-width: 640px) 640px, 100vw" fetchpriority="high">`
      : '';
    const image = banner
      ? `<img src="${escapeHtml(banner.url)}" srcset="${escapeHtml(`${banner.url} 600w, ${banner.url_wide} 1200w`)}" sizes="(min-width: 640px) 640px, 100vw" alt="" width="600" height="200" fetchpriority="high" class="aspect-[3/1] w-full rounded-2xl bg-grey-50 object-cover">`
      : `<div aria-hidden="true" class="aspect-[3/1] w-full rounded-2xl bg-brand-500"></div>`;
    const main =
      `<article class="page space-y-4 py-3"><div class="min-h-11"></div>${image}` +
      `<div class="-mt-12 ml-3 size-26 rounded-2xl border-4 border-white bg-white"></div>` +
      `<header class="space-y-1"><h1 class="text-h1 font-bold" lang="${escapeHtml(business.name.lang)}">${escapeHtml(business.name.text)}</h1>` +
      (business.tagline ? `<p class="text-grey-600">${escapeHtml(business.tagline.text)}</p>` : '') +
      `</header></article>`;
    return { main, head, data: { business: { tag: route.tag, lang, reply: business } } };
  }

  const region = route.kind === 'landing' ? route.region : undefined;
  const category = route.kind === 'landing' ? route.category : undefined;
  const [reply, landing] = await Promise.all([
    options.source.search({ region, category, page: 1, limit: 20, seed, lang }),
    route.kind === 'landing' ? options.source.landing({ region, category, lang }) : Promise.resolve(null),
  ]);
  const search = JSON.parse(reply.json.toString('utf8')) as {
    data: ListingCard[];
    pagination: { page: number; pages: number; total: number };
    ads: unknown[];
  };
  const cards = search.data
    .slice(0, CARDS)
    .map((item) => card(item, t))
    .join('');
  const list = `<div class="space-y-3"><p class="text-small text-grey-600">${escapeHtml(
    t(search.pagination.total === 1 ? 'list.count_one' : 'list.count_other', {
      count: search.pagination.total,
    }),
  )}</p><ul class="space-y-3">${cards}</ul></div>`;
  let main: string;
  if (route.kind === 'home') {
    main =
      `<section class="page space-y-4 pt-6 pb-2"><h1 class="text-display font-extrabold">${escapeHtml(t('home.titleAll'))}</h1>` +
      `<div class="card space-y-3 p-4"><p class="field-label">${escapeHtml(t('search.label'))}</p>` +
      `<div class="field text-grey-600">${escapeHtml(t('search.placeholder'))}</div>` +
      `<div class="btn-primary-lg">${escapeHtml(t('search.submit'))}</div></div><div class="min-h-11"></div></section>` +
      `<section class="page py-4"><h2 class="mb-2 text-h2 font-bold">${escapeHtml(t('home.feedAll'))}</h2>${list}</section>`;
  } else {
    const regionName = landing?.region?.name ?? '';
    const categoryName = landing?.category?.name ?? '';
    const title =
      region && category
        ? t('list.titleBoth', { category: categoryName, region: regionName })
        : category
          ? t('list.titleCategory', { category: categoryName })
          : t('list.titleRegion', { region: regionName });
    main =
      `<div class="page space-y-3 py-3"><div class="min-h-6"></div><h1 class="text-h1 font-bold">${escapeHtml(title)}</h1></div>` +
      `<div class="page py-4">${list}</div>`;
  }
  return {
    main,
    head: '',
    data: {
      search: { region: region ?? null, category: category ?? null, lang, seed, reply: search },
      ...(landing
        ? { landing: { region: region ?? null, category: category ?? null, lang, reply: landing } }
        : {}),
    },
  };
}

/** components/Logo.tsx's LogoIcon, inline like the app draws it: an <img> would be one more request. */
const LOGO_ICON =
  '<svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="#ED4C22"></rect>' +
  '<g fill="#000"><rect x="7" y="9" width="6" height="5" rx="1.5"></rect><rect x="19" y="9" width="6" height="5" rx="1.5"></rect><circle cx="10" cy="19" r="5"></circle><circle cx="22" cy="19" r="5"></circle><rect x="13" y="15" width="6" height="4"></rect></g>' +
  '<g fill="#ED4C22"><circle cx="10" cy="19" r="2.4"></circle><circle cx="22" cy="19" r="2.4"></circle></g></svg>';

/** The header as the app draws it (components/Header.tsx), so nothing moves when React takes over. */
function shell(main: string, t: (key: string) => string): string {
  return (
    `<div class="flex min-h-dvh flex-col bg-white text-ink"><header class="px-2 pt-2"><div class="mx-auto flex min-h-14 max-w-160 items-center justify-between gap-2 rounded-full bg-white px-3 shadow-[0_1px_3px_rgba(0,0,0,0.08)]">` +
    `<a href="/" aria-label="${escapeHtml(t('nav.home'))}" class="flex min-h-11 items-center rounded-full"><span class="flex items-center gap-2">${LOGO_ICON}<span class="text-h2 font-extrabold tracking-tight text-ink">Tafuta</span></span></a>` +
    `</div></header><main id="main" class="flex-1">${main}</main></div>`
  );
}

export interface IndexTemplate {
  /** index.html with its stylesheet inlined. */
  html: string;
}

/** Inlines the built stylesheet(s): the CSP allows inline styles ('unsafe-inline' in style-src). */
export function inlineStylesheets(html: string, distDir: string): string {
  return html.replace(
    /<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/g,
    (tag, href: string) => {
      const file = path.join(distDir, href);
      if (!file.startsWith(path.join(distDir, 'assets') + path.sep) || !fs.existsSync(file)) return tag;
      const css = fs.readFileSync(file, 'utf8').replace(/<\/style/gi, '<\\/style');
      return `<style>${css}</style>`;
    },
  );
}

export function injectFirstView(
  template: string,
  rendered: Rendered,
  lang: Language,
  t: (key: string) => string,
) {
  const boot = `<script type="application/json" id="tafuta-first-view">${jsonForScript(rendered.data)}</script>`;
  return template
    .replace('<html lang="en">', `<html lang="${lang}">`)
    .replace('</head>', `${rendered.head}</head>`)
    .replace('<div id="root"></div>', `<div id="root">${shell(rendered.main, t)}</div>${boot}`);
}

/** A small time-bounded cache: the same page is rebuilt at most every 30 s (as search replies are kept). */
export class FirstViewCache<T = string> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.entries.size >= CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: Date.now() + CACHE_TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}

export function makeTranslator(catalogue: Catalogue, english: Catalogue) {
  return translator(catalogue, english);
}
