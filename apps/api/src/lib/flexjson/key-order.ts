/**
 * JavaScript objects list integer-like keys ("600", "1200") before all others, whatever order they
 * were inserted in. flex-json member order is significant (image types and size tags are shown in
 * file order, MEDIA-044), so the reader records the file order under this non-enumerable symbol and
 * `orderedKeys` / the writer honour it.
 */
export const KEY_ORDER: unique symbol = Symbol('flexjson.keyOrder');

/** Own enumerable keys of `obj` in file order (when read by parseFlexJson), else insertion order. */
export function orderedKeys(obj: object): string[] {
  const own = Object.keys(obj);
  const recorded = (obj as { [KEY_ORDER]?: unknown })[KEY_ORDER];
  if (!Array.isArray(recorded)) return own;
  const present = new Set(own);
  const ordered = (recorded as string[]).filter((k) => present.has(k));
  // Keys added after parsing go last, in JavaScript's own order.
  const listed = new Set(ordered);
  for (const k of own) if (!listed.has(k)) ordered.push(k);
  return ordered;
}

/** `[key, value]` pairs of `obj` in file order. */
export function orderedEntries<T>(obj: Record<string, T>): Array<[string, T]> {
  return orderedKeys(obj).map((k) => [k, obj[k] as T]);
}
