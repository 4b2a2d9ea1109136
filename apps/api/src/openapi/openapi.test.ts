import { readFileSync } from 'node:fs';
import { ERROR_STATUS } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { readAppVersion } from '../version.js';
import { buildOpenApiDocument, type JsonObject } from './document.js';
import { operations, TAGS } from './registry.js';
import { OPENAPI_JSON_PATH, renderOpenApiJson } from './serialise.js';

/** API-15: the committed description is the generated one, and it is a well-formed OpenAPI 3.1 document. */

const document = buildOpenApiDocument(readAppVersion());
const statuses = (op: (typeof operations)[number]) => Object.keys(op.responses).map(Number);
const label = (op: (typeof operations)[number]) => `${op.method.toUpperCase()} ${op.path}`;

describe('docs/openapi.json', () => {
  it('is exactly what the registry generates', async () => {
    const committed = readFileSync(OPENAPI_JSON_PATH, 'utf8');
    expect(
      committed === (await renderOpenApiJson(document)),
      'docs/openapi.json is out of date with apps/api/src/openapi: run `npm run openapi` and commit the result',
    ).toBe(true);
  });
});

describe('the operation registry', () => {
  it('gives every operation a unique operationId, a unique method and path, and a summary', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const routes = operations.map(label);
    expect(routes.filter((route, index) => routes.indexOf(route) !== index)).toEqual([]);
    for (const op of operations) {
      expect(op.operationId, label(op)).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary.trim().length, label(op)).toBeGreaterThan(0);
      expect(op.path, label(op)).toMatch(/^\/api\//);
      expect(op.tags.length, label(op)).toBeGreaterThan(0);
    }
  });

  it('names the spec row of every operation (only the dev outbox has none)', () => {
    for (const op of operations) {
      if (op.specId === null) expect(op.nonProduction, label(op)).toBe(true);
      else
        expect(op.specId, label(op)).toMatch(
          /^(EP-[A-Z]+-\d{2}|INT-\d{3}|ADM-\d{3}|API-\d{2}|MEDIA-\d{3}|PAY-\d{3}|UI-[A-Z0-9]+-\d{2})$/,
        );
    }
  });

  it('documents a success reply and the errors its guards and input imply', () => {
    for (const op of operations) {
      const answered = statuses(op);
      const expected: number[] = [500];
      if (!op.callback) expected.push(429);
      if (op.request || op.query) expected.push(400);
      if (op.request && !op.callback) expected.push(413, 415);
      if (op.security !== 'public') expected.push(401);
      // The origin guard refuses foreign writes; provider callbacks are exempt from it.
      if (op.security === 'user' || op.security === 'staff' || (op.method !== 'get' && !op.callback)) {
        expected.push(403);
      }
      if (op.params && !op.callback) expected.push(404);
      expect(answered.filter((status) => status >= 200 && status < 300).length, label(op)).toBeGreaterThan(0);
      expect(answered, label(op)).toEqual(expect.arrayContaining(expected));
    }
  });

  it('files each error code under its catalogue status (ERR-01)', () => {
    for (const op of operations) {
      for (const [status, spec] of Object.entries(op.responses)) {
        for (const code of spec.codes ?? [])
          expect(ERROR_STATUS[code], `${label(op)} ${code}`).toBe(Number(status));
      }
    }
  });
});

/** Every `$ref` value in the document, with where it was found. */
function refs(node: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (Array.isArray(node)) return node.flatMap((item, index) => refs(item, `${at}/${index}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ ref: value, at }] : refs(value, `${at}/${key}`),
  );
}

function resolvePointer(root: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) => (node !== null && typeof node === 'object' ? (node as JsonObject)[part] : undefined),
      root,
    );
}

describe('the generated document', () => {
  const paths = document.paths as Record<string, Record<string, JsonObject>>;

  it('is OpenAPI 3.1 with info, the production server and the session cookie scheme', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: 'Tafuta API', version: readAppVersion() });
    expect(document.servers).toEqual([expect.objectContaining({ url: 'https://tafuta.ke' })]);
    expect(document.components).toMatchObject({
      securitySchemes: { sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tafuta_session' } },
    });
  });

  it('lists every registry operation once, under its path and method', () => {
    const listed = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual(operations.map(label).sort());
  });

  it('resolves every $ref inside the document', () => {
    const found = refs(document);
    expect(found.length).toBeGreaterThan(0);
    for (const { ref, at } of found) expect(resolvePointer(document, ref), `${ref} at ${at}`).toBeDefined();
  });

  it('declares every path parameter, and only those, as required path parameters', () => {
    for (const [path, item] of Object.entries(paths)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        const declared = ((op.parameters ?? []) as JsonObject[]).filter((param) => param.in === 'path');
        expect(declared.map((param) => param.name).sort(), `${method} ${path}`).toEqual(inPath);
        for (const param of declared)
          expect(param.required, `${method} ${path} ${String(param.name)}`).toBe(true);
      }
    }
  });

  it('uses only declared tags and security schemes, and describes every response', () => {
    const tagNames = new Set<string>(TAGS.map((tag) => tag.name));
    const schemes = Object.keys((document.components as { securitySchemes: JsonObject }).securitySchemes);
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'patch', 'delete']).toContain(method);
        for (const tag of op.tags as string[]) expect(tagNames, `${method} ${path}`).toContain(tag);
        for (const requirement of op.security as JsonObject[]) {
          for (const scheme of Object.keys(requirement)) expect(schemes).toContain(scheme);
        }
        for (const [status, response] of Object.entries(op.responses as Record<string, JsonObject>)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description, `${method} ${path} ${status}`).toBe('string');
        }
      }
    }
  });

  it('marks the endpoints that exist only outside production', () => {
    expect(paths['/api/dev/outbox']?.get).toMatchObject({ 'x-non-production': true });
    const marked = Object.values(paths).flatMap((item) =>
      Object.values(item).filter((op) => op['x-non-production'] === true),
    );
    expect(marked).toHaveLength(operations.filter((op) => op.nonProduction).length);
  });
});
