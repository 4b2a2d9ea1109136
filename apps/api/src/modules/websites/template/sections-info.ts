import { formatClock, isAllDay, nairobiNow, openStatus, WEEKDAYS, type WeekHours } from '@tafuta/contracts';
import {
  attr,
  displayUrl,
  escapeHtml,
  fill,
  fillHtml,
  localPhone,
  mailtoHref,
  mainSiteHref,
  telHref,
  webHref,
} from './html.js';
import { icon } from './icons.js';
import { callButtons, section, sectionShown, sectionTitle } from './sections.js';
import { inlineLocal, localHtml, type PageContext } from './context.js';
import { clip, field, LIMITS } from './text.js';

/** UI-WEB-07 sections 6–9 (hours, location, contact, footer) and the mobile contact bar (UI-WEB-08). */

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Stored hours with malformed days dropped, so the open-now rules only ever see valid clocks. */
export function cleanHours(value: unknown): WeekHours | null {
  if (!value || typeof value !== 'object') return null;
  const hours: WeekHours = {};
  for (const day of WEEKDAYS) {
    const entry = (value as Record<string, unknown>)[day] as Record<string, unknown> | undefined;
    if (!entry || typeof entry !== 'object') continue;
    if (entry.closed === true) hours[day] = { closed: true };
    else if (typeof entry.open === 'string' && typeof entry.close === 'string') {
      if (CLOCK.test(entry.open) && CLOCK.test(entry.close))
        hours[day] = { open: entry.open, close: entry.close };
    }
  }
  return WEEKDAYS.some((day) => hours[day]) ? hours : null;
}

function statusLine(page: PageContext, hours: WeekHours): string {
  const status = openStatus(hours, page.now);
  if (!status) return '';
  const { s, lang } = page;
  const time = (clock: string | null) => (clock ? formatClock(clock, lang) : '');
  let line: string;
  if (status.state === 'open24') line = s.open24;
  else if (status.state === 'open') line = fill(s.openCloses, { time: time(status.closesAt) });
  else if (!status.opensAt) line = s.closed;
  else if (status.opensDay === null) line = fill(s.closedOpens, { time: time(status.opensAt) });
  else if (status.opensDay === 'tomorrow') line = fill(s.closedOpensTomorrow, { time: time(status.opensAt) });
  else line = fill(s.closedOpensDay, { day: s[status.opensDay], time: time(status.opensAt) });
  const open = status.state !== 'closed';
  return `<p class="st${open ? ' o' : ''}">${escapeHtml(line)}</p>`;
}

export function hoursSection(page: PageContext): string {
  if (!sectionShown(page, 'hours')) return '';
  const hours = cleanHours((page.model.content as { hours?: unknown }).hours);
  const note = page.text.profile('hours_note');
  if (!hours && !note) return '';
  const { s, lang } = page;
  const today = nairobiNow(page.now).day;
  const rows = hours
    ? WEEKDAYS.map((day) => {
        const value = hours[day];
        const cell = !value
          ? s.hoursUnknown
          : 'closed' in value
            ? s.closed
            : isAllDay(value)
              ? s.open24
              : fill(s.hoursRange, {
                  open: formatClock(value.open, lang),
                  close: formatClock(value.close, lang),
                });
        const isToday = day === today;
        const label = isToday
          ? `${escapeHtml(s[day])} <span class="sm">(${escapeHtml(s.today)})</span>`
          : escapeHtml(s[day]);
        return `<tr${isToday ? ' class="td" aria-current="date"' : ''}><th scope="row">${label}</th><td>${escapeHtml(cell)}</td></tr>`;
      })
    : [];
  const table = rows.length ? `<table><tbody>${rows.join('')}</tbody></table>` : '';
  return section(
    'hours',
    `<h2>${escapeHtml(s.hoursTitle)}</h2>`,
    (hours ? statusLine(page, hours) : '') + table + (note ? localHtml('p', note, lang, 'm t') : ''),
  );
}

export function locationSection(page: PageContext): string {
  if (!sectionShown(page, 'location')) return '';
  const { content } = page.model;
  const street = clip(field(content, 'location', 'street_address1'), LIMITS.street);
  const landmark = clip(field(content, 'location', 'street_address2'), LIMITS.street);
  const town = clip(field(content, 'location', 'city'), LIMITS.city) ?? clip(page.model.city, LIMITS.city);
  const postal = field(content, 'location', 'postal_code');
  const lines = [street, landmark, town].filter((line): line is string => line !== null).map(escapeHtml);
  if (typeof postal === 'string' && /^\d{5}$/.test(postal))
    lines.push(escapeHtml(fill(page.s.postalCode, { code: postal })));
  const note = page.text.profile('directions_note');
  if (lines.length === 0 && !note && !page.directionsHref) return '';
  const button = page.directionsHref
    ? `<div class="btns"><a class="btn"${attr('href', page.directionsHref)}>${icon('pin')}${escapeHtml(page.s.directions)}</a></div>`
    : '';
  return section(
    'location',
    `<h2>${escapeHtml(page.s.locationTitle)}</h2>`,
    (lines.length ? `<address>${lines.join('\n')}</address>` : '') +
      (note ? localHtml('p', note, page.lang, 'm t') : '') +
      button,
  );
}

function entry(label: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
}

function mpesaBlock(page: PageContext): string {
  const { content } = page.model;
  const digits = (value: unknown) => (typeof value === 'string' && /^\d{5,7}$/.test(value) ? value : null);
  const till = digits(field(content, 'mpesa', 'till_number'));
  const paybill = digits(field(content, 'mpesa', 'paybill_number'));
  const account = paybill ? clip(field(content, 'mpesa', 'paybill_account'), LIMITS.paybill_account) : null;
  const number = (value: string) => `<span class="num">${escapeHtml(value)}</span>`;
  const rows = [
    till ? entry(page.s.till, number(till)) : '',
    paybill ? entry(page.s.paybill, number(paybill)) : '',
    account ? entry(page.s.account, number(account)) : '',
  ].join('');
  // Plain selectable text: paying needs no script (UI-WEB-01).
  return rows ? `<h3 class="s">${escapeHtml(page.s.mpesaTitle)}</h3><dl>${rows}</dl>` : '';
}

export function contactSection(page: PageContext): string {
  if (!sectionShown(page, 'contact')) return '';
  const { content } = page.model;
  const { s } = page;
  const link = (href: string | null, text: string) =>
    href ? `<a${attr('href', href)}>${escapeHtml(text)}</a>` : '';
  const phone = field(content, 'contact', 'phone') ?? page.model.phone;
  const alt = field(content, 'contact', 'phone_alt');
  const whatsapp = field(content, 'contact', 'whatsapp');
  const email = mailtoHref(field(content, 'contact', 'email'));
  const site = webHref(field(content, 'contact', 'website_url'));
  const rows = [
    telHref(phone) ? entry(s.phone, link(telHref(phone), localPhone(phone as string))) : '',
    telHref(alt) ? entry(s.otherPhone, link(telHref(alt), localPhone(alt as string))) : '',
    page.whatsappHref ? entry(s.whatsapp, link(page.whatsappHref, localPhone(whatsapp as string))) : '',
    email ? entry(s.email, link(email, email.slice('mailto:'.length))) : '',
    site
      ? entry(
          s.ownWebsite,
          `<a${attr('href', site)} rel="noopener nofollow">${escapeHtml(displayUrl(site))}</a>`,
        )
      : '',
  ].join('');
  const mpesa = mpesaBlock(page);
  if (!rows && !mpesa) return '';
  return section(
    'contact',
    sectionTitle(page, 'contact', s.contactTitle),
    (rows ? `<dl>${rows}</dl>` : '') + mpesa,
  );
}

export function footer(page: PageContext): string {
  const { model, s, lang } = page;
  const region = model.regions[0]?.slug;
  const category = model.categories[0]?.slug;
  const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // UI-WEB-07: the region + category landing page the business is listed on.
  const listed =
    region && category && slug.test(region) && slug.test(category)
      ? `/region/${region}/category/${category}`
      : '/';
  const home = (path: string) => mainSiteHref(model.mainSiteUrl, path, lang);
  const year = String(new Date(page.now.getTime() + 3 * 3600_000).getUTCFullYear());
  return `<footer><div class="w"><ul><li><a${attr('href', home(listed))}>${escapeHtml(s.listedOn)}</a></li><li><a${attr(
    'href',
    home('/list-your-business'),
  )}>${escapeHtml(s.getWebsite)}</a></li></ul><p class="sm">${fillHtml(s.copyright, {
    year: escapeHtml(year),
    name: inlineLocal(page.name, page.lang),
  })}</p></div></footer>`;
}

/** UI-WEB-08: Call, WhatsApp and Directions fixed to the bottom on mobile; CSS hides it on wide screens. */
export function contactBar(page: PageContext): string {
  const buttons = callButtons(page, true);
  return buttons.length
    ? `<nav class="bar"${attr('aria-label', page.s.quickContact)}>${buttons.join('')}</nav>`
    : '';
}
