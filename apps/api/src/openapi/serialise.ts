import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { JsonObject } from './document.js';

/** Where the generated document is kept (ARCHITECTURE.md: docs/ holds the generated OpenAPI document). */
export const OPENAPI_JSON_PATH = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

/** The file's exact text: formatted as `prettier --check` expects, ending in a newline. */
export async function renderOpenApiJson(document: JsonObject): Promise<string> {
  const config = (await resolveConfig(OPENAPI_JSON_PATH)) ?? {};
  return format(JSON.stringify(document), { ...config, filepath: OPENAPI_JSON_PATH });
}
