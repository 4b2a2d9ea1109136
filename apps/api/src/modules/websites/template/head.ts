import { attr, escapeHtml, fill } from './html.js';
import { SITE_CSS } from './css.js';
import { imageSources, type PageContext } from './context.js';
import { aboutUrls, BANNER_SIZES } from './first-view.js';
import { localBusinessJsonLd, scriptJson } from './json-ld.js';
import { OG_LOCALES } from './strings.js';
import { clip, field, LIMITS } from './text.js';

/** UI-WEB-10 meta description: the tagline, else the description cut near 160 characters. */
export function metaDescription(page: PageContext, town: string): string {
  const tagline = page.text.profile('tagline');
  if (tagline) return tagline.text;
  const description = page.text.profile('description');
  if (description) {
    const flat = description.text.replace(/\s+/g, ' ');
    if (flat.length <= 160) return flat;
    const cut = flat.slice(0, 159);
    const space = cut.lastIndexOf(' ');
    return `${(space > 100 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return fill(page.s.metaFallback, { name: page.name.text, town });
}

/** Link-preview and JSON-LD images, best first: banner 1200×400, About image, logo (UI-WEB-10, MEDIA-226). */
function previewImages(page: PageContext): { url: string; width: number; height: number }[] {
  const { banner, about, logo } = page.model.images;
  const list: { url: string; width: number; height: number }[] = [];
  const wide = banner?.['1200x400'] ?? banner?.['600x200'];
  if (wide)
    list.push({
      url: wide,
      ...(banner?.['1200x400'] ? { width: 1200, height: 400 } : { width: 600, height: 200 }),
    });
  if (about?.large) list.push({ url: about.large, width: 800, height: 600 });
  if (logo?.medium) list.push({ url: logo.medium, width: 256, height: 256 });
  return list;
}

/**
 * UI-WEB-10: the business logo's icon, else the Tafuta icon from the site's own `/favicon.ico`
 * (websites.routes.ts), never `https://{apex}/icon.svg`, which a development site would fetch from
 * production. A preview lives on the main app, where the icon is its own.
 */
function faviconLink(page: PageContext): string {
  const logo = page.model.images.logo?.icon ?? page.model.images.logo?.small;
  if (logo) return `<link rel="icon" type="image/webp"${attr('href', logo)}>`;
  if (page.preview) return '<link rel="icon" type="image/svg+xml" href="/icon.svg">';
  return '<link rel="icon" href="/favicon.ico">';
}

/**
 * The LCP image (first-view.ts) requested from the head, before the inline stylesheet and JSON-LD are
 * parsed; the same `srcset`/`sizes` as its `<img>`, so the browser picks the same file and fetches once.
 */
function lcpPreload(page: PageContext): string {
  const { banner, about } = page.model.images;
  const sources =
    page.firstView.banner === 'lcp' && banner
      ? imageSources('banner', banner, '600x200')
      : page.firstView.about === 'lcp' && about
        ? imageSources('profile', aboutUrls(about), 'large')
        : null;
  if (!sources) return '';
  // No href beside imagesrcset: a browser without it would fetch a file the <img> does not use.
  const files = sources.srcset
    ? attr('imagesrcset', sources.srcset) + attr('imagesizes', BANNER_SIZES)
    : attr('href', sources.src);
  return `<link rel="preload" as="image"${files} fetchpriority="high">`;
}

export function renderHead(page: PageContext): string {
  const { model, s, lang } = page;
  const town = clip(field(model.content, 'location', 'city'), LIMITS.city) ?? model.city;
  const title = fill(s.pageTitle, { name: page.name.text, town });
  const description = metaDescription(page, town);
  const images = previewImages(page);
  const og = images[0];
  const meta = (property: string, content: string | number) =>
    `<meta${attr('property', property)}${attr('content', content)}>`;
  const parts = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    lcpPreload(page),
    `<meta name="description"${attr('content', description)}>`,
    page.preview ? '<meta name="robots" content="noindex, nofollow">' : '',
    model.siteUrl ? `<link rel="canonical"${attr('href', model.siteUrl)}>` : '',
    faviconLink(page),
    '<meta name="theme-color" content="#ed4c22">',
    meta('og:type', 'website'),
    meta('og:site_name', page.name.text),
    meta('og:title', page.name.text),
    meta('og:description', description),
    meta('og:locale', OG_LOCALES[lang]),
    model.siteUrl ? meta('og:url', model.siteUrl) : '',
    og
      ? meta('og:image', og.url) + meta('og:image:width', og.width) + meta('og:image:height', og.height)
      : '',
    '<meta name="twitter:card" content="summary_large_image">',
    `<meta name="twitter:title"${attr('content', page.name.text)}>`,
    `<meta name="twitter:description"${attr('content', description)}>`,
    og ? `<meta name="twitter:image"${attr('content', og.url)}>` : '',
    `<style>${SITE_CSS}</style>`,
    `<script type="application/ld+json">${scriptJson(
      localBusinessJsonLd(
        model,
        page.text,
        page.name.text,
        images.map((image) => image.url),
      ),
    )}</script>`,
  ];
  return `<head>${parts.join('')}</head>`;
}
