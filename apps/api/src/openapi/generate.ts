/**
 * Writes docs/openapi.json from the registry (API-15):
 *   node --conditions=source --import tsx apps/api/src/openapi/generate.ts [--check]
 * With --check it writes nothing and exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readAppVersion } from '../version.js';
import { buildOpenApiDocument } from './document.js';
import { OPENAPI_JSON_PATH, renderOpenApiJson } from './serialise.js';

const text = await renderOpenApiJson(buildOpenApiDocument(readAppVersion()));
const shown = path.relative(process.cwd(), OPENAPI_JSON_PATH);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OPENAPI_JSON_PATH, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  if (current !== text) {
    process.stderr.write(`${shown} is out of date; run: npm run openapi\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${shown} is up to date\n`);
  }
} else {
  writeFileSync(OPENAPI_JSON_PATH, text);
  process.stdout.write(`Wrote ${shown}\n`);
}
