/**
 * Web-address naming rules (UI-SUB-02..04), pure: what an owner's typing becomes, which labels nobody may
 * have, and the names to offer when the wanted one is gone.
 */
import { subdomainPattern } from '@tafuta/contracts';

/** UI-SUB-03: infrastructure, product and trust-sensitive labels. Region slugs and the staff blocklist join these. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([
  'www',
  'api',
  'admin',
  'config',
  'app',
  'apps',
  'media',
  'static',
  'assets',
  'cdn',
  'img',
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'ns1',
  'ns2',
  'webmail',
  'm',
  'mobile',
  'staging',
  'stage',
  'dev',
  'test',
  'demo',
  'beta',
  'help',
  'support',
  'status',
  'blog',
  'docs',
  'shop',
  'pay',
  'payment',
  'payments',
  'billing',
  'login',
  'auth',
  'account',
  'accounts',
  'secure',
  'tafuta',
  'ebiashara',
]);

export const MIN_LENGTH = 3;
export const MAX_LENGTH = 30;
export const MAX_SUGGESTIONS = 3;

/** UI-SUB-02: lower-cased, spaces become hyphens (as the owner types); nothing else is changed. */
export function normaliseSubdomain(input: string): string {
  return input.trim().toLowerCase().replace(/\s+/g, '-');
}

export function isValidSubdomain(name: string): boolean {
  return subdomainPattern.test(name);
}

export type NameVerdict = 'ok' | 'invalid' | 'reserved';

/** Format and reservation, without the database: `extraReserved` holds region slugs and the blocklist. */
export function judgeName(name: string, extraReserved: ReadonlySet<string> = new Set()): NameVerdict {
  if (!isValidSubdomain(name)) return 'invalid';
  if (RESERVED_LABELS.has(name) || extraReserved.has(name)) return 'reserved';
  return 'ok';
}

/** "Mama Njeri's Kitchen" → ['mama', 'njeris', 'kitchen']: accents folded, apostrophes dropped. */
export function slugWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Cuts to 30 characters without leaving a trailing hyphen. */
function fit(name: string): string {
  return name.slice(0, MAX_LENGTH).replace(/-+$/, '');
}

/**
 * Candidate names in the order they are offered (UI-SUB-04): `doreen`, `doreen-machakos`, `doreenbeauty`,
 * `doreen-beauty`, then numbered ones `doreen-2`, `doreen-3`…. Only well-formed, unreserved ones are kept;
 * the caller drops those already taken.
 */
export function suggestionCandidates(
  input: { name: string; town?: string | null },
  extraReserved: ReadonlySet<string> = new Set(),
  numbered = 9,
): string[] {
  const words = slugWords(input.name);
  const town = slugWords(input.town).join('-');
  if (words.length === 0) return [];
  const first = words[0]!;
  // A first word too short to stand alone ("mj") leans on the next one.
  const lead = first.length >= MIN_LENGTH || words.length === 1 ? first : `${first}${words[1]}`;
  const joined = words.join('');
  const hyphenated = words.join('-');
  const bases = [lead, ...(town ? [`${lead}-${town}`] : []), joined, hyphenated];
  if (town && words.length > 1) bases.push(`${hyphenated}-${town}`);
  const candidates = bases.map(fit);
  for (let n = 2; n < 2 + numbered; n += 1) {
    const suffix = `-${n}`;
    candidates.push(`${fit(lead.slice(0, MAX_LENGTH - suffix.length))}${suffix}`);
  }
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    if (seen.has(candidate) || judgeName(candidate, extraReserved) !== 'ok') return false;
    seen.add(candidate);
    return true;
  });
}
