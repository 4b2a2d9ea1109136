import { foldText, nameKey } from '../businesses/derived.js';

/**
 * Turns the visitor's `q` into safe search terms (UI-LIST-05). Only letters and digits survive: quotes,
 * tsquery operators (`& | ! ( ) : * < >`), backslashes, SQL fragments and emoji are word breaks, so the
 * tsquery text is built from plain lexemes and can never carry syntax of its own. It is still passed as
 * a bound parameter.
 */

/** More words than this add nothing but cost; the rest are dropped. */
const MAX_WORDS = 8;
/** Longer "words" are noise (pasted tokens); a prefix this long is already selective. */
const MAX_WORD_LENGTH = 40;

export interface SearchText {
  /** Folded words, letters and digits only. */
  words: string[];
  /** Every word as a prefix, anywhere: `w1:* & w2:*`. */
  anywhere: string;
  /** UI-LIST-05 tier 1: the English name key starts with this (non-alphanumerics removed). */
  namePrefix: string;
  /** The folded words joined by spaces, for trigram similarity against `search_names`. */
  phrase: string;
}

/** Null when nothing searchable is left: the request is then treated as having no `q`. */
export function searchText(q: string | undefined): SearchText | null {
  if (q === undefined) return null;
  const words = foldText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (words.length === 0) return null;
  return {
    words,
    anywhere: words.map((word) => `${word}:*`).join(' & '),
    namePrefix: nameKey(words.join('')),
    phrase: words.join(' '),
  };
}
