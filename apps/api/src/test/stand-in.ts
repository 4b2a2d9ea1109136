/**
 * An object that stands in for one a beforeAll hook creates later: every property read goes to `current()`,
 * which throws until it exists. Lets a test file name the thing once, at the top, as with useTestDatabase.
 */
export function standIn<T extends object>(current: () => T): T {
  return new Proxy({} as T, { get: (_target, key) => Reflect.get(current(), key) as unknown });
}
