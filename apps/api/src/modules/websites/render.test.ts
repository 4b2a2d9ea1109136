import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fullContent, minimalContent, modelFor } from './fixture.js';
import { FULL_GALLERY_LIMIT, HOSTED_GALLERY_LIMIT, websiteImages, type WebsiteModel } from './model.js';
import { renderWebsite } from './render.js';
import { SITE_CSS, STATE_CSS } from './template/css.js';
import { byClass, opening } from './test-html.js';

const render = (model: WebsiteModel, lang: 'en' | 'sw' | 'kam' = 'en', preview = false) =>
  renderWebsite(model, { lang, preview }).html;
const sectionIds = (html: string) =>
  opening(html)
    .filter((tag) => tag.name === 'section')
    .map((tag) => tag.attrs.get('id') ?? tag.attrs.get('class'));

describe('sections (UI-WEB-07)', () => {
  it('come in the template order, inside header / main / footer, with one h1', () => {
    const html = render(modelFor(fullContent()));
    expect(sectionIds(html)).toEqual([
      'hero',
      'about',
      'services',
      'gallery',
      'hours',
      'location',
      'contact',
    ]);
    const names = opening(html).map((tag) => tag.name);
    expect(names.indexOf('header')).toBeLessThan(names.indexOf('main'));
    expect(names.indexOf('main')).toBeLessThan(names.indexOf('footer'));
    expect(names.filter((name) => name === 'h1')).toHaveLength(1);
    expect(html).toMatch(/^<!doctype html><html lang="en"><head>/);
  });

  it('sections without content are left out; the hero, location and contact always have something', () => {
    const html = render(
      modelFor(minimalContent(), { images: { logo: null, banner: null, about: null, gallery: [] } }),
    );
    expect(sectionIds(html)).toEqual(['hero', 'location', 'contact']);
    expect(html).toContain('<h1>Juma Hardware</h1>');
  });

  it('owners can hide each section; the hero and footer stay', () => {
    const content = fullContent();
    content.website_settings = {
      template: 'classic',
      sections: {
        about: false,
        services: false,
        gallery: false,
        hours: false,
        location: false,
        contact: false,
      },
    };
    const html = render(modelFor(content));
    expect(sectionIds(html)).toEqual(['hero']);
    expect(html).toContain('<footer>');
    content.website_settings.sections = { gallery: false };
    expect(sectionIds(render(modelFor(content)))).toEqual([
      'hero',
      'about',
      'services',
      'hours',
      'location',
      'contact',
    ]);
  });

  it('services are the website items, else the profile services as plain items', () => {
    const withItems = render(modelFor(fullContent()));
    expect(withItems).toContain('<h2 id="services-h">What we do</h2>');
    expect(withItems).toContain(
      '<h3>Box braids</h3><p class="t m">All lengths</p><p class="pr">From KES 1,500</p>',
    );
    const content = fullContent();
    delete content.website!.en!.services;
    const plain = render(modelFor(content));
    expect(plain).toContain('<h2 id="services-h">Services</h2><ul class="ch"><li>Hair styling</li>');
  });

  it('the hero and About fall back to the profile: name, tagline, description', () => {
    const content = fullContent();
    content.website = {};
    const html = render(modelFor(content));
    expect(html).toContain(
      '<h1>Doreen Beauty Parlour</h1><p class="m">Hair, braids and nails for every occasion</p>',
    );
    expect(html).toContain('<h2 id="about-h">About us</h2>');
    expect(html).toContain(
      'Styling, braiding, make-up and nails in Machakos Town since 2020.\nWalk-ins welcome.',
    );
  });
});

describe('gallery (UI-VIS-04)', () => {
  const slugs = Array.from({ length: 60 }, (_, index) => `photo-${index + 1}`);
  const locate = (type: string, slug: string, size: string) =>
    `https://tafuta.ke/media/x/${type}/${slug}_${size}.webp`;

  it('shows the first 5 with hosting alone and up to 50 with image_gallery, in the owner order', () => {
    const content = { ...fullContent(), media: { gallery: slugs } };
    const hosted = websiteImages(content, locate, false).gallery;
    const full = websiteImages(content, locate, true).gallery;
    expect(hosted.map((photo) => photo.slug)).toEqual(slugs.slice(0, HOSTED_GALLERY_LIMIT));
    expect(full).toHaveLength(FULL_GALLERY_LIMIT);
    expect(full[49]).toEqual({
      slug: 'photo-50',
      thumb: 'https://tafuta.ke/media/x/gallery/photo-50_thumb.webp',
      medium: 'https://tafuta.ke/media/x/gallery/photo-50_medium.webp',
    });
    const html = render(
      modelFor(content, { images: { logo: null, banner: null, about: null, gallery: full } }),
    );
    const cells = opening(html).filter((tag) => tag.name === 'img' && tag.attrs.get('width') === '150');
    expect(cells).toHaveLength(50);
  });

  it('thumbnails link to the medium size, load lazily and carry the caption or a numbered alt', () => {
    const html = render(modelFor(fullContent()));
    const links = opening(html).filter(
      (tag) => tag.name === 'a' && tag.attrs.get('href')?.includes('/gallery/'),
    );
    expect(links.map((tag) => tag.attrs.get('href'))).toHaveLength(5);
    expect(links[0]!.attrs.get('href')).toMatch(/work-1_medium\.webp$/);
    const thumbs = opening(html).filter(
      (tag) => tag.name === 'img' && tag.attrs.get('src')?.includes('_thumb'),
    );
    expect(thumbs.map((tag) => tag.attrs.get('alt'))).toEqual([
      'Knotless braids',
      'Bridal make-up',
      'Doreen Beauty Parlour photo 3',
      'Doreen Beauty Parlour photo 4',
      'Doreen Beauty Parlour photo 5',
    ]);
    expect(thumbs.every((tag) => tag.attrs.get('loading') === 'lazy')).toBe(true);
    expect(html).toContain('<figcaption>Knotless braids</figcaption>');
  });

  it('a slug that has no file is skipped instead of showing a broken image', () => {
    const content = { ...fullContent(), media: { gallery: ['a', 'gone', 'b'] } };
    const images = websiteImages(
      content,
      (type, slug, size) => (slug === 'gone' ? null : locate(type, slug, size)),
      true,
    );
    expect(images.gallery.map((photo) => photo.slug)).toEqual(['a', 'b']);
  });
});

describe('images', () => {
  it('the About photo in the first view is the LCP: eager, high priority and preloaded; the banner is eager', () => {
    const html = render(modelFor(fullContent()));
    const tags = opening(html);
    const [banner] = byClass(tags, 'ban');
    expect(banner!.attrs.has('loading')).toBe(false);
    expect(banner!.attrs.has('fetchpriority')).toBe(false);
    expect(banner!.attrs.get('decoding')).toBe('async');
    expect(banner!.attrs.get('srcset')).toMatch(
      /_300x100\.webp 300w, .*_600x200\.webp 600w, .*_1200x400\.webp 1200w$/,
    );
    expect(banner!.attrs.get('sizes')).toBe('(min-width: 640px) 608px, 100vw');
    expect([banner!.attrs.get('width'), banner!.attrs.get('height')]).toEqual(['600', '200']);
    const [about] = byClass(tags, 'pic');
    expect(about!.attrs.has('loading')).toBe(false);
    expect(about!.attrs.get('fetchpriority')).toBe('high');
    expect(about!.attrs.get('decoding')).toBe('async');
    // Only the 4:3 file: the 300×300 `small` is a square crop, not a smaller copy of the same picture.
    expect(about!.attrs.get('src')).toMatch(/profile\/salon-front_large\.webp$/);
    expect(about!.attrs.has('srcset')).toBe(false);
    expect([about!.attrs.get('width'), about!.attrs.get('height')]).toEqual(['800', '600']);
    const preloads = tags.filter((tag) => tag.name === 'link' && tag.attrs.get('rel') === 'preload');
    expect(preloads.map((tag) => Object.fromEntries(tag.attrs))).toEqual([
      { rel: 'preload', as: 'image', href: about!.attrs.get('src'), fetchpriority: 'high' },
    ]);
    expect(tags.filter((tag) => tag.attrs.get('fetchpriority') === 'high')).toHaveLength(2);
  });

  it('with a long hero the banner is the LCP, preloaded with the same srcset and sizes as its <img>', () => {
    const content = fullContent();
    content.website!.en!.hero = {
      title: 'Doreen Beauty Parlour and Barber Shop, Machakos Town Centre',
      subtitle: 'Styling, braiding, make-up and nails for weddings, graduations and every weekend in between',
    };
    const tags = opening(render(modelFor(content)));
    const [banner] = byClass(tags, 'ban');
    const [about] = byClass(tags, 'pic');
    expect(banner!.attrs.get('fetchpriority')).toBe('high');
    // Still partly in the first view: not lazy, not first.
    expect(about!.attrs.has('loading')).toBe(false);
    expect(about!.attrs.has('fetchpriority')).toBe(false);
    const [preload] = tags.filter((tag) => tag.attrs.get('rel') === 'preload');
    expect(preload!.attrs.get('imagesrcset')).toBe(banner!.attrs.get('srcset'));
    expect(preload!.attrs.get('imagesizes')).toBe(banner!.attrs.get('sizes'));
    expect(preload!.attrs.has('href')).toBe(false);
  });

  it('an About photo pushed below the first view loads lazily; the banner is then the LCP', () => {
    const content = fullContent();
    // The longest hero and About title there can be, in words that wrap badly.
    content.website!.en!.about = { title: 'A'.repeat(40), content: 'x' };
    content.website!.en!.hero = {
      title: 'abcdefghi '.repeat(6).trim(),
      subtitle: `${'s'.repeat(20)} `.repeat(6).trim(),
    };
    const tags = opening(render(modelFor(content)));
    expect(byClass(tags, 'pic')[0]!.attrs.get('loading')).toBe('lazy');
    expect(byClass(tags, 'ban')[0]!.attrs.get('fetchpriority')).toBe('high');
  });

  it('without a banner the About photo is the LCP; without either nothing is preloaded', () => {
    const noBanner = opening(render(modelFor({ ...fullContent(), media: { profile: ['p'] } })));
    expect(byClass(noBanner, 'pic')[0]!.attrs.get('fetchpriority')).toBe('high');
    const none = render(
      modelFor(fullContent(), { images: { logo: null, banner: null, about: null, gallery: [] } }),
    );
    expect(none).not.toContain('rel="preload"');
    expect(none).not.toContain('fetchpriority');
  });

  it('srcset widths describe the file actually served when the resolver fell back to a larger size', () => {
    const content = { ...fullContent(), media: { banner: ['b'] } };
    // Only 1200x400 exists: every request resolves to it (MEDIA-224).
    const images = websiteImages(
      content,
      (type, slug) => `https://m.example/${type}/${slug}_1200x400.webp`,
      false,
    );
    expect(images.banner).toEqual({ '1200x400': 'https://m.example/banner/b_1200x400.webp' });
    const html = render(modelFor(content, { images }));
    const [banner] = byClass(opening(html), 'ban');
    expect(banner!.attrs.has('srcset')).toBe(false);
    expect(banner!.attrs.get('width')).toBe('1200');
  });

  it('missing images degrade: orange band, initials avatar, About without a picture, Tafuta favicon', () => {
    const html = render(
      modelFor(fullContent(), { images: { logo: null, banner: null, about: null, gallery: [] } }),
    );
    const tags = opening(html);
    expect(byClass(tags, 'band')).toHaveLength(1);
    expect(html).toContain('<span class="av logo" aria-hidden="true">DB</span>');
    expect(byClass(tags, 'pic')).toHaveLength(0);
    expect(sectionIds(html)).toContain('about');
    // The site's own /favicon.ico (302 to APP_URL's icon), never the production apex from a dev site.
    expect(html).toContain('<link rel="icon" href="/favicon.ico">');
    expect(html).not.toContain('icon.svg');
    // A preview is on the main app, whose own icon that is.
    const preview = render(
      modelFor(fullContent(), { images: { logo: null, banner: null, about: null, gallery: [] } }),
      'en',
      true,
    );
    expect(preview).toContain('<link rel="icon" type="image/svg+xml" href="/icon.svg">');
    expect(html).not.toContain('og:image');
    expect(tags.filter((tag) => tag.name === 'img')).toHaveLength(0);
  });
});

describe('language (UI-WEB-03, UI-CJ-03)', () => {
  it('text shown in a fallback language carries its own lang; lists fall back whole', () => {
    const html = render(modelFor(fullContent()), 'sw');
    expect(html).toMatch(/^<!doctype html><html lang="sw">/);
    // The hero title exists in English only, the subtitle in Kiswahili.
    expect(html).toContain(
      '<h1 lang="en">Welcome to Doreen Beauty</h1><p class="m">Pendeza, jisikie vizuri</p>',
    );
    expect(html).toContain('<ul class="svc" lang="en">');
    expect(html).toContain('<figcaption>Misuko bila mafundo</figcaption>');
    expect(html).toContain('<figcaption lang="en">Bridal make-up</figcaption>');
    expect(html).toContain('<h2 id="hours-h">Saa za kazi</h2>');
    const content = fullContent();
    delete content.website!.en!.services;
    expect(render(modelFor(content), 'sw')).toContain('<ul class="ch"><li>Kutengeneza nywele</li>');
  });

  it('the language menu lists English and the languages with text, as plain links', () => {
    const html = render(modelFor(fullContent()), 'sw');
    const links = opening(html).filter(
      (tag) => tag.name === 'a' && tag.attrs.get('href')?.startsWith('?lang='),
    );
    expect(
      links.map((tag) => [tag.attrs.get('href'), tag.attrs.get('lang'), tag.attrs.get('aria-current')]),
    ).toEqual([
      ['?lang=en', 'en', undefined],
      ['?lang=sw', 'sw', 'true'],
    ]);
    const kam = render(modelFor(fullContent()), 'kam');
    expect(kam).toContain('href="?lang=kam" hreflang="kam" lang="kam" aria-current="true"');
    // Kikamba fixed words fall back to English until staff translate them.
    expect(kam).toContain('<h2 id="hours-h">Opening hours</h2>');
  });

  it('a site with English only has no menu', () => {
    expect(render(modelFor(minimalContent(), { languages: ['en'] }))).not.toContain('?lang=');
  });
});

describe('preview, caching, size', () => {
  it('preview adds the ribbon and noindex; the public page has neither', () => {
    const preview = render(modelFor(fullContent()), 'en', true);
    expect(preview).toContain('<p class="rib" role="status">Preview — not public</p>');
    expect(preview).toContain('<meta name="robots" content="noindex, nofollow">');
    // No home link inside the preview: it would lead out of /config/… to the editor.
    expect(preview).not.toContain('href="./"');
    const live = render(modelFor(fullContent()));
    expect(live).not.toContain('noindex');
    expect(live).not.toContain('class="rib"');
  });

  it('the ETag is a quoted hash that changes with the content and not otherwise', () => {
    const a = renderWebsite(modelFor(fullContent()), { lang: 'en', preview: false });
    const b = renderWebsite(modelFor(fullContent()), { lang: 'en', preview: false });
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(b.etag).toBe(a.etag);
    const content = fullContent();
    content.profile.en!.tagline = 'Something new';
    expect(renderWebsite(modelFor(content), { lang: 'en', preview: false }).etag).not.toBe(a.etag);
    expect(renderWebsite(modelFor(fullContent()), { lang: 'sw', preview: false }).etag).not.toBe(a.etag);
  });

  it('needs no JavaScript: the only script is JSON-LD, and the stylesheets stay within 12 KB', () => {
    const html = render(modelFor(fullContent()));
    const scripts = opening(html).filter((tag) => tag.name === 'script');
    expect(scripts.map((tag) => tag.attrs.get('type'))).toEqual(['application/ld+json']);
    expect(opening(html).filter((tag) => tag.name === 'style')).toHaveLength(1);
    expect(Buffer.byteLength(SITE_CSS)).toBeLessThanOrEqual(12 * 1024);
    expect(Buffer.byteLength(STATE_CSS)).toBeLessThanOrEqual(12 * 1024);
  });

  it('a full site with 50 photos stays well inside the 30 KB HTML + CSS budget (UI-PERF-03)', async ({
    annotate,
  }) => {
    const slugs = Array.from({ length: 50 }, (_, index) => `work-${index + 1}`);
    const content = { ...fullContent(), media: { ...fullContent().media, gallery: slugs } };
    const locate = (type: string, slug: string, size: string) =>
      `https://tafuta.ke/media/doreen-beauty_3f6d2a8e-4b1c-4e8a-9d2f-0a1b2c3d4e5f/${type}/${slug}_${size}.webp`;
    const model = modelFor(content, { images: websiteImages(content, locate, true), galleryActive: true });
    const html = render(model);
    const gzip = zlib.gzipSync(html).length;
    const typical = zlib.gzipSync(render(modelFor(fullContent()))).length;
    await annotate(
      `website HTML: full content + 50 photos ${Buffer.byteLength(html)} B raw, ${gzip} B gzip; ` +
        `full content + 5 photos ${typical} B gzip; CSS ${Buffer.byteLength(SITE_CSS)} B`,
    );
    expect(gzip).toBeLessThanOrEqual(30 * 1024);
  });
});
