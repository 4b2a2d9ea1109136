import { LANGUAGES, type Language } from '@tafuta/contracts';
import { attr, escapeHtml, fill } from './html.js';
import { icon } from './icons.js';
import { imageAttrs, initials, localHtml, sectionShown, type PageContext } from './context.js';
import { aboutUrls, BANNER_SIZES, heroText, loadingAttrs } from './first-view.js';
import { LANGUAGE_BADGES, LANGUAGE_NAMES } from './strings.js';
import { LIMITS } from './text.js';

export { sectionShown };

/** UI-WEB-07 sections 1–5: top bar, hero, About, Services, Gallery. */

function languageMenu(page: PageContext): string {
  const shown = LANGUAGES.filter(
    (language: Language) => page.model.languages.includes(language) || language === page.lang,
  );
  if (shown.length < 2) return '';
  const items = shown.map((language) => {
    const current = language === page.lang ? ' aria-current="true"' : '';
    return `<li><a href="?lang=${language}" hreflang="${language}" lang="${language}"${current}>${escapeHtml(
      LANGUAGE_NAMES[language],
    )}</a></li>`;
  });
  const label = fill(page.s.languageCurrent, { name: LANGUAGE_NAMES[page.lang] });
  // <details> opens and closes without JavaScript (UI-WEB-01); the links are plain ?lang= links. The
  // spoken name starts with the visible badge (WCAG 2.5.3) and then says what it is.
  return `<nav class="lg"${attr('aria-label', page.s.language)}><details><summary>${icon('globe')}${
    LANGUAGE_BADGES[page.lang]
  }<span class="vh"> ${escapeHtml(label)}</span></summary><ul>${items.join('')}</ul></details></nav>`;
}

export function topBar(page: PageContext): string {
  const { logo } = page.model.images;
  const alt = fill(page.s.logoAlt, { name: page.name.text });
  const mark = logo
    ? `<img class="logo"${imageAttrs('logo', logo, 'icon', '40px')}${attr('alt', alt)}>`
    : `<span class="av logo" aria-hidden="true">${escapeHtml(initials(page.name.text))}</span>`;
  const name = localHtml('span', page.name, page.lang, 'n');
  // The preview lives under /config/…: a home link there would leave the preview.
  const brand = page.preview
    ? `<span class="brand">${mark}${name}</span>`
    : `<a class="brand" href="./">${mark}${name}</a>`;
  return `<header class="top">${brand}${languageMenu(page)}</header>`;
}

export function badgeHtml(page: PageContext): string {
  if (page.model.badge === 'premium')
    return `<p class="bd g">${icon('star')}${escapeHtml(page.s.premium)}</p>`;
  if (page.model.badge === 'verified')
    return `<p class="bd v">${icon('check')}${escapeHtml(page.s.verified)}</p>`;
  return '';
}

export function callButtons(page: PageContext, withDirections: boolean): string[] {
  const buttons: string[] = [];
  if (page.callHref)
    buttons.push(
      `<a class="btn p"${attr('href', page.callHref)}>${icon('call')}${escapeHtml(page.s.call)}</a>`,
    );
  if (page.whatsappHref)
    buttons.push(
      `<a class="btn"${attr('href', page.whatsappHref)}>${icon('chat')}${escapeHtml(page.s.whatsapp)}</a>`,
    );
  if (withDirections && page.directionsHref)
    buttons.push(
      `<a class="btn"${attr('href', page.directionsHref)}>${icon('pin')}${escapeHtml(page.s.directions)}</a>`,
    );
  return buttons;
}

export function hero(page: PageContext): string {
  const { banner } = page.model.images;
  // Never lazy at the top of the page; fetched first when it is the largest paint (first-view.ts).
  const band =
    banner && page.firstView.banner
      ? `<img class="ban"${imageAttrs('banner', banner, '600x200', BANNER_SIZES)} alt=""${loadingAttrs(page.firstView.banner)}>`
      : '<div class="band"></div>';
  const { title, subtitle } = heroText(page);
  const buttons = callButtons(page, false);
  return `<section class="hero">${band}<div class="w"><div class="hero-b">${localHtml('h1', title, page.lang)}${
    subtitle ? localHtml('p', subtitle, page.lang, 'm') : ''
  }${badgeHtml(page)}${buttons.length ? `<div class="btns">${buttons.join('')}</div>` : ''}</div></div></section>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h"><div class="w">${title.replace(
    /^<h2/,
    `<h2 id="${id}-h"`,
  )}${body}</div></section>`;
}

/** A section title: the owner's (any language, with its `lang`), else the fixed word. */
function sectionTitle(page: PageContext, key: string, fallback: string): string {
  const own = page.text.website([key, 'title'], key === 'about' ? LIMITS.about_title : LIMITS.section_title);
  return own ? localHtml('h2', own, page.lang) : `<h2>${escapeHtml(fallback)}</h2>`;
}

export function about(page: PageContext): string {
  if (!sectionShown(page, 'about')) return '';
  const text =
    page.text.website(['about', 'content'], LIMITS.about_content) ?? page.text.profile('description');
  const image = page.model.images.about;
  if (!text && !image) return '';
  // On a phone the photo usually starts inside the first view and is its largest paint (first-view.ts).
  const picture =
    image && page.firstView.about
      ? `<img class="pic"${imageAttrs('profile', aboutUrls(image), 'large', '(min-width: 640px) 608px, calc(100vw - 32px)')} alt=""${loadingAttrs(page.firstView.about)}>`
      : '';
  return section(
    'about',
    sectionTitle(page, 'about', page.s.aboutTitle),
    picture + (text ? localHtml('p', text, page.lang, 't') : ''),
  );
}

export function services(page: PageContext): string {
  if (!sectionShown(page, 'services')) return '';
  const title = sectionTitle(page, 'services', page.s.servicesTitle);
  const items = page.text.serviceItems();
  if (items) {
    const lang = items.lang === page.lang ? '' : attr('lang', items.lang);
    const rows = items.items.map(
      (item) =>
        `<li><h3>${escapeHtml(item.name)}</h3>${
          item.description ? `<p class="t m">${escapeHtml(item.description)}</p>` : ''
        }${item.price ? `<p class="pr">${escapeHtml(item.price)}</p>` : ''}</li>`,
    );
    return section('services', title, `<ul class="svc"${lang}>${rows.join('')}</ul>`);
  }
  const plain = page.text.profileServices();
  if (!plain) return '';
  const lang = plain.lang === page.lang ? '' : attr('lang', plain.lang);
  const chips = plain.items.map((item) => `<li>${escapeHtml(item)}</li>`);
  return section('services', title, `<ul class="ch"${lang}>${chips.join('')}</ul>`);
}

export function gallery(page: PageContext): string {
  if (!sectionShown(page, 'gallery')) return '';
  const photos = page.model.images.gallery;
  if (photos.length === 0) return '';
  const cells = photos.map((photo, index) => {
    const caption = page.text.caption(photo.slug);
    const alt = caption?.text ?? fill(page.s.photoAlt, { name: page.name.text, n: index + 1 });
    const altLang = caption && caption.lang !== page.lang ? attr('lang', caption.lang) : '';
    // The thumbnail links to the `medium` file: a plain link opens it without JavaScript.
    return `<li><figure><a${attr('href', photo.medium)}><img${attr('src', photo.thumb)} width="150" height="150"${attr(
      'alt',
      alt,
    )}${altLang} loading="lazy" decoding="async"></a>${
      caption ? localHtml('figcaption', caption, page.lang) : ''
    }</figure></li>`;
  });
  return section(
    'gallery',
    sectionTitle(page, 'gallery', page.s.galleryTitle),
    `<ul class="gr">${cells.join('')}</ul>`,
  );
}

export { section, sectionTitle };
