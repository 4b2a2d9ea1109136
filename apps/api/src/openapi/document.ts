import { paginationSchema } from '@tafuta/contracts';
import { z } from 'zod';
import type { HttpMethod, Operation, ResponseSpec } from './operation.js';
import { operations, TAGS } from './registry.js';
import { apiErrorEnvelope, envelopeOf, successEnvelopeBase } from './schemas.js';

export type JsonObject = Record<string, unknown>;

const METHOD_ORDER: readonly HttpMethod[] = ['get', 'put', 'post', 'patch', 'delete'];
const SESSION_SCHEME = 'sessionCookie';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Zod to JSON Schema 2020-12, the dialect OpenAPI 3.1 uses unchanged. The input side is described for
 * replies as well: zod closes every object on the output side (`additionalProperties: false`), while
 * API-01 lets replies gain fields that clients ignore. Request bodies stay closed by their strict objects.
 */
export function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as JsonObject;
  return rest;
}

function objectParts(schema: z.ZodType) {
  const json = jsonSchema(schema);
  return {
    properties: (json.properties ?? {}) as Record<string, JsonObject>,
    required: (json.required ?? []) as string[],
  };
}

function responseSchema(spec: ResponseSpec & { schema: z.ZodType }): JsonObject {
  if (spec.schema === apiErrorEnvelope) {
    if (!spec.codes) return ref('ErrorEnvelope');
    const narrowed = { properties: { code: { enum: [...spec.codes] } } };
    return { allOf: [ref('ErrorEnvelope'), { properties: { error: narrowed } }] };
  }
  const parts = envelopeOf(spec.schema);
  if (!parts) return jsonSchema(spec.schema);
  const extra = objectParts(z.object(parts.extra));
  const properties: JsonObject = {
    data: jsonSchema(parts.data),
    ...(parts.paginated ? { pagination: ref('Pagination') } : {}),
    ...extra.properties,
  };
  const required = ['data', ...(parts.paginated ? ['pagination'] : []), ...extra.required];
  return { allOf: [ref('SuccessEnvelope'), { type: 'object', properties, required }] };
}

function responses(op: Operation): JsonObject {
  const entries = Object.entries(op.responses).sort(([a], [b]) => Number(a) - Number(b));
  return Object.fromEntries(
    entries.map(([status, spec]) => {
      const content = spec.schema
        ? {
            [spec.contentType ?? 'application/json']: {
              schema: responseSchema({ ...spec, schema: spec.schema }),
            },
          }
        : undefined;
      return [status, { description: spec.description, ...(content ? { content } : {}) }];
    }),
  );
}

function parameters(op: Operation): JsonObject[] {
  const list: JsonObject[] = [];
  for (const [location, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const { properties, required } = objectParts(schema);
    for (const [name, { description, ...property }] of Object.entries(properties)) {
      list.push({
        name,
        in: location,
        required: location === 'path' || required.includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: property,
      });
    }
  }
  return list;
}

function operationObject(op: Operation): JsonObject {
  const params = parameters(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [...op.tags],
    ...(op.specId ? { 'x-spec-id': op.specId } : {}),
    'x-access': op.security,
    ...(op.nonProduction ? { 'x-non-production': true } : {}),
    security: op.security === 'public' ? [] : [{ [SESSION_SCHEME]: [] }],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.request
      ? {
          requestBody: {
            required: !op.requestOptional,
            content: Object.fromEntries(
              (op.requestContentTypes ?? ['application/json']).map((type) => [
                type,
                { schema: jsonSchema(op.request!) },
              ]),
            ),
          },
        }
      : {}),
    responses: responses(op),
  };
}

function paths(list: readonly Operation[]): JsonObject {
  const byPath = new Map<string, Operation[]>();
  for (const op of list) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  return Object.fromEntries(
    [...byPath.keys()].sort().map((path) => {
      const ops = byPath.get(path)!;
      const sorted = [...ops].sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
      return [path, Object.fromEntries(sorted.map((op) => [op.method, operationObject(op)]))];
    }),
  );
}

/**
 * API-15: the OpenAPI 3.1 description of every endpoint the app serves, built from the registry. Keys
 * come out in a fixed order (paths sorted, methods in METHOD_ORDER, statuses ascending), so the
 * generated file changes only when the API does.
 */
export function buildOpenApiDocument(version: string, list: readonly Operation[] = operations): JsonObject {
  return {
    openapi: '3.1.1',
    info: {
      title: 'Tafuta API',
      version,
      summary: 'The REST API of Tafuta, the business directory for Kenya',
      description:
        'Generated from apps/api/src/openapi (spec/auth-and-api.md API-15); do not edit by hand. Replies ' +
        'use the API-04 envelope unless an endpoint says otherwise (API-13); errors use API-05. Clients ' +
        'must ignore reply fields they do not know (API-01).',
    },
    servers: [{ url: 'https://tafuta.ke', description: 'Production' }],
    tags: TAGS.map((tag) => ({ ...tag })),
    paths: paths(list),
    components: {
      schemas: {
        ErrorEnvelope: jsonSchema(apiErrorEnvelope),
        Pagination: jsonSchema(paginationSchema),
        SuccessEnvelope: jsonSchema(successEnvelopeBase),
      },
      securitySchemes: {
        [SESSION_SCHEME]: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tafuta_session',
          description: 'The signed session id (SES-03); staff sessions use the same cookie (ERRATA 6).',
        },
      },
    },
  };
}
