/**
 * Which part of the product a request's Host header asks for (UI-SUB-01, ERRATA 1): the app on the apex
 * (and `www`, anything unknown, IP literals), or a business website on `{label}.{apex}`. In development
 * (APP_URL on localhost) `{label}.localhost` works too, because browsers resolve every `*.localhost` name
 * to the machine itself, so `http://demo-shop.localhost:3000` opens a site with no DNS set-up.
 *
 * The raw header is never echoed anywhere: callers get a verdict and, for a site, a label that matched
 * the strict DNS-label grammar below.
 */

export type HostTarget =
  /** Not a website host: the normal app answers (apex, www, IP literals, other domains, no Host). */
  | { kind: 'app' }
  /** A syntactically valid label under a website domain; whether it names a site is resolve.ts's job. */
  | { kind: 'site'; label: string; localHost: boolean; port: string | null }
  /** Under a website domain but no possible site (several labels, punycode, bad characters): 404. */
  | { kind: 'no-site'; localHost: boolean; port: string | null }
  /** Not a hostname at all (too long, characters outside the grammar): RFC 9112 says 400. */
  | { kind: 'invalid' };

export interface SiteHostOptions {
  /** SITE_APEX_DOMAIN, lower case, e.g. `tafuta.ke`. */
  apexDomain: string;
  /** Accept `{label}.localhost` as well (development and the embedded default only). */
  localHosts: boolean;
}

/** RFC 1035: a name is at most 253 characters; a port adds at most 6 (`:65535`). */
const MAX_HOST_LENGTH = 253;
/** Letters, digits, dots and hyphens, an optional port; anything else is no hostname. */
const HOSTNAME_WITH_PORT = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/**
 * A label a subdomain can have (UI-SUB-02's pattern, lengths 3–30). Anything else under the apex — a
 * punycode `xn--` label, a 63-character label, underscores — can never name a site.
 */
export const SITE_LABEL = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,28}[a-z0-9]$/;
const LOCAL_DOMAIN = 'localhost';

/** Whether APP_URL points at this machine, where `*.localhost` site hosts are switched on. */
export function isLocalAppUrl(appUrl: string): boolean {
  try {
    const { hostname } = new URL(appUrl);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  } catch {
    return false;
  }
}

function underDomain(
  hostname: string,
  domain: string,
  localHost: boolean,
  port: string | null,
): HostTarget | null {
  const suffix = `.${domain}`;
  if (!hostname.endsWith(suffix)) return null;
  const label = hostname.slice(0, -suffix.length);
  // www is a reserved label (UI-SUB-03) that means the main site wherever it appears.
  if (label === 'www') return { kind: 'app' };
  // `a.b.tafuta.ke`: region-level hostnames are reserved for later (UI-SUB-01), no site lives there yet.
  if (label.includes('.') || !SITE_LABEL.test(label)) return { kind: 'no-site', localHost, port };
  return { kind: 'site', label, localHost, port };
}

export function classifyHost(rawHost: string | undefined, options: SiteHostOptions): HostTarget {
  if (rawHost === undefined) return { kind: 'app' };
  const host = rawHost.trim().toLowerCase();
  if (host === '') return { kind: 'app' };
  if (host.length > MAX_HOST_LENGTH + 6) return { kind: 'invalid' };
  if (IPV6_LITERAL.test(host)) return { kind: 'app' };
  const match = HOSTNAME_WITH_PORT.exec(host);
  if (!match) return { kind: 'invalid' };
  // A fully qualified name may end with a dot (`tafuta.ke.`); it is the same host.
  const hostname = match[1]!.replace(/\.$/, '');
  const port = match[2] ?? null;
  if (hostname.length === 0 || hostname.length > MAX_HOST_LENGTH || hostname.includes('..')) {
    return { kind: 'invalid' };
  }
  if (IPV4.test(hostname)) return { kind: 'app' };
  const apex = options.apexDomain.toLowerCase();
  if (hostname === apex || hostname === `www.${apex}`) return { kind: 'app' };
  const site = underDomain(hostname, apex, false, port);
  if (site) return site;
  if (options.localHosts) {
    const local = underDomain(hostname, LOCAL_DOMAIN, true, port);
    if (local) return local;
  }
  return { kind: 'app' };
}
