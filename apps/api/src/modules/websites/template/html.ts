/**
 * Output encoding for the server-rendered websites (UI-CJ-02: business text is plain text, all output is
 * HTML-escaped). Every attribute is written double-quoted through `attr`, so escaping `&<>"'` is enough
 * in both text and attribute contexts. Links are built only from the shapes below.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** ` name="value"`, or nothing when the value is null. */
export function attr(name: string, value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : ` ${name}="${escapeHtml(String(value))}"`;
}

/** `lang` on an element whose business text is shown in a fallback language (UI-WEB-03, UI-A11Y-09). */
export function langAttr(textLang: string, pageLang: string): string {
  return textLang === pageLang ? '' : attr('lang', textLang);
}

/**
 * A sentence from the fixed strings with HTML fragments put in its `{placeholders}`: the template text is
 * escaped, the fragments are inserted as given (callers pass already-escaped HTML).
 */
export function fillHtml(template: string, fragments: Record<string, string>): string {
  return template
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const key = /^\{([a-z]+)\}$/.exec(part)?.[1];
      return key !== undefined && key in fragments ? fragments[key]! : escapeHtml(part);
    })
    .join('');
}

/** The same with plain-text values (the result is plain text, escaped by whoever writes it out). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * A page of the main Tafuta app (APP_URL, never derived from the apex: in development that would be
 * production). A page read in another language than English says so with `?lang=` (UI-I18N-13), so the
 * visitor lands in the language they were reading even where the language cookie is not shared
 * (`*.localhost` in development, or a saved account preference); English links stay clean URLs.
 */
export function mainSiteHref(mainSiteUrl: string, path: string, lang: string): string {
  return `${mainSiteUrl.replace(/\/+$/, '')}${path}${lang === 'en' ? '' : `?lang=${lang}`}`;
}

const E164_KENYA = /^\+254\d{8,9}$/;

/** UI-ACT-01: tel: with the E.164 number; null for anything that is not one. */
export function telHref(phone: unknown): string | null {
  return typeof phone === 'string' && E164_KENYA.test(phone) ? `tel:${phone}` : null;
}

/** UI-ACT-02: wa.me wants the digits only and the greeting URL-encoded. */
export function whatsappHref(phone: unknown, greeting: string): string | null {
  if (typeof phone !== 'string' || !E164_KENYA.test(phone)) return null;
  return `https://wa.me/${phone.slice(1)}?text=${encodeURIComponent(greeting)}`;
}

/** UI-DS-21: `+254712345678` → `0712 345 678`; a landline keeps its digits grouped after the 0. */
export function localPhone(phone: string): string {
  const mobile = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(phone);
  if (mobile) return `0${mobile[1]} ${mobile[2]} ${mobile[3]}`;
  const landline = /^\+254(\d{2})(\d{3})(\d{3})$/.exec(phone);
  return landline ? `0${landline[1]} ${landline[2]} ${landline[3]}` : phone;
}

const EMAIL = /^[^\s@<>(),;:"'\\]+@[^\s@<>(),;:"'\\]+\.[^\s@<>(),;:"'.\\]{2,}$/;

export function mailtoHref(email: unknown): string | null {
  return typeof email === 'string' && email.length <= 254 && EMAIL.test(email) ? `mailto:${email}` : null;
}

/** An owner-given address: http(s) only, re-serialised by the URL parser (no `javascript:` ever). */
export function webHref(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 200 || !/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** What a person sees of an external address: the host and path, without the scheme. */
export function displayUrl(href: string): string {
  return href.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}
