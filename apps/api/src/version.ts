import { readFileSync } from 'node:fs';

/** The product's version, from the root package.json (the same path from src/ and from dist/). */
export function readAppVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
