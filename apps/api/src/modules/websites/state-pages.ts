import type { Language } from '@tafuta/contracts';
import type { WebsiteModel } from './model.js';
import { initials } from './template/context.js';
import { STATE_CSS } from './template/css.js';
import { attr, escapeHtml, langAttr, localPhone, mainSiteHref, telHref } from './template/html.js';
import { stringsFor, type WebsiteStrings } from './template/strings.js';
import { clip, ContentText, field, LIMITS } from './template/text.js';

/**
 * The small pages a website address answers with when there is no live website (UI-WEB-02), in the
 * visitor's language, with the template's look and no script. The caller sends the status.
 */

export interface StatePageOptions {
  lang: Language;
  /** APP_URL: links back to Tafuta (https://tafuta.ke in production, the local app in development). */
  mainSiteUrl: string;
}

export interface StatePage {
  status: 404 | 410;
  html: string;
}

/** What the lapsed and closed pages show of a business: a `WebsiteModel` serves as is. */
export type StateCard = Pick<WebsiteModel, 'businessName' | 'content' | 'categories' | 'city' | 'phone'>;

function page(lang: Language, title: string, body: string): string {
  return (
    `<!doctype html><html${attr('lang', lang)}><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><meta name="robots" content="noindex">` +
    `<style>${STATE_CSS}</style></head><body><main class="w home-top">${body}</main></body></html>`
  );
}

function homeLink(options: StatePageOptions, text: string): string {
  return `<a class="home"${attr('href', mainSiteHref(options.mainSiteUrl, '/', options.lang))}>${escapeHtml(text)}</a>`;
}

function nameOf(card: StateCard, lang: Language) {
  return (
    new ContentText(card.content, lang).profile('business_name') ?? { text: card.businessName, lang: 'en' }
  );
}

/** Business active, hosting lapsed: 404 with a minimal card so the visitor can still call. */
export function renderLapsed(card: StateCard, options: StatePageOptions): StatePage {
  const s: WebsiteStrings = stringsFor(options.lang);
  const name = nameOf(card, options.lang);
  const town = clip(field(card.content, 'location', 'city'), LIMITS.city) ?? card.city;
  const category = card.categories[0];
  const meta = [category?.names[options.lang] ?? category?.name, town].filter(Boolean).join(' · ');
  const phone = field(card.content, 'contact', 'phone') ?? card.phone;
  const tel = telHref(phone);
  const body =
    `<h1>${escapeHtml(s.lapsedTitle)}</h1>` +
    `<div class="card"><span class="av" aria-hidden="true">${escapeHtml(initials(name.text))}</span>` +
    `<h2${langAttr(name.lang, options.lang)}>${escapeHtml(name.text)}</h2>` +
    (meta ? `<p class="m">${escapeHtml(meta)}</p>` : '') +
    (tel
      ? `<p class="m">${escapeHtml(s.lapsedBody)}</p><div class="btns"><a class="btn p"${attr('href', tel)}>${escapeHtml(
          `${s.call} ${localPhone(phone as string)}`,
        )}</a></div>`
      : '') +
    `</div>${homeLink(options, s.findMore)}`;
  return { status: 404, html: page(options.lang, s.lapsedTitle, body) };
}

/** Business `out_of_business`: 410. The name (when given) says which business this was. */
export function renderClosed(
  card: Pick<StateCard, 'businessName' | 'content'> | null,
  options: StatePageOptions,
): StatePage {
  const s = stringsFor(options.lang);
  const name = card
    ? (new ContentText(card.content, options.lang).profile('business_name') ?? {
        text: card.businessName,
        lang: 'en' as Language,
      })
    : null;
  const body =
    `<h1>${escapeHtml(s.closedTitle)}</h1>` +
    (name ? `<p${langAttr(name.lang, options.lang)}><strong>${escapeHtml(name.text)}</strong></p>` : '') +
    `<p class="m">${escapeHtml(s.closedBody)}</p>${homeLink(options, s.goToTafuta)}`;
  return { status: 410, html: page(options.lang, s.closedTitle, body) };
}

/** Unknown name, or a business that is pending, deactivated, suspended or deleted: 404, no business data. */
export function renderUnavailable(options: StatePageOptions): StatePage {
  const s = stringsFor(options.lang);
  const body =
    `<h1>${escapeHtml(s.unavailableTitle)}</h1><p class="m">${escapeHtml(s.unavailableBody)}</p>` +
    homeLink(options, s.goToTafuta) +
    `<div class="cta"><h2>${escapeHtml(s.claimTitle)}</h2><p>${escapeHtml(s.claimBody)}</p>` +
    `<a class="btn p"${attr('href', mainSiteHref(options.mainSiteUrl, '/list-your-business', options.lang))}>${escapeHtml(
      s.claimAction,
    )}</a></div>`;
  return { status: 404, html: page(options.lang, s.unavailableTitle, body) };
}
