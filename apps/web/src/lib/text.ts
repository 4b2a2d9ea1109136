/** Small text helpers for matching and display. */

/** Case- and accent-insensitive form, so "gikuyu" matches "Gĩkũyũ" (UI-LIST-04). */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** UI-DS-12: first letter of the first one or two words, upper case. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toLocaleUpperCase() || '?';
}

/** Every word of the query appears somewhere in the haystack (folded). */
export function matchesAllWords(haystack: string, query: string): boolean {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  const folded = foldText(haystack);
  return words.every((word) => folded.includes(word));
}
