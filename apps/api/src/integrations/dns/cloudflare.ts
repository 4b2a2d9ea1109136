/** Cloudflare DNS, API v4 (INT-400..420). */
import { z } from 'zod';
import type { Logger } from '../../http/logger.js';
import {
  CircuitBreaker,
  isInlineRetryStatus,
  ProviderTransportError,
  providerFetch,
  type HttpMethod,
  type ProviderResponse,
} from '../http.js';
import {
  DnsProviderError,
  managedComment,
  MANAGED_COMMENT_PREFIX,
  type DesiredRecord,
  type DnsFailureKind,
  type DnsProvider,
  type DnsRecord,
} from './provider.js';

export interface CloudflareClientOptions {
  baseUrl: string;
  apiToken: string;
  zoneId: string;
  /** SITE_APEX_DOMAIN: the zone apex and the CNAME target. */
  apexDomain: string;
  version: string;
  logger: Logger;
  /** Tries per call; every call is safe to repeat (INT-023), so 429/502-504 are repeated once by default. */
  attempts?: number;
  breaker?: CircuitBreaker;
  timeoutMs?: number;
  backoffBaseMs?: number;
}

const PAGE_SIZE = 100;
/** A ceiling on full listings (50,000 records), far above the zone this app will ever have. */
const MAX_PAGES = 500;

const RECORD_EXISTS = new Set([81057, 81058]);
const OTHER_TYPE_ON_NAME = new Set([81053, 81054]);
const RECORD_MISSING = 81044;
const AUTH_FAILURES = new Set([9109, 10000]);

const envelopeSchema = z.object({
  success: z.boolean(),
  errors: z.array(z.object({ code: z.number(), message: z.string().optional() }).loose()).default([]),
  result: z.unknown(),
  result_info: z
    .object({ page: z.number(), per_page: z.number(), total_pages: z.number().optional() })
    .loose()
    .optional(),
});
type Envelope = z.infer<typeof envelopeSchema>;

const recordSchema = z
  .object({
    id: z.string().min(1),
    type: z.string(),
    name: z.string(),
    content: z.string(),
    proxied: z.boolean().default(false),
    ttl: z.number(),
    comment: z.string().nullish(),
    created_on: z.string().nullish(),
    modified_on: z.string().nullish(),
  })
  .loose();

function toRecord(raw: unknown): DnsRecord {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) throw new DnsProviderError('permanent', 'Cloudflare answered with a malformed record');
  const record = parsed.data;
  return {
    id: record.id,
    type: record.type,
    name: record.name.toLowerCase(),
    content: record.content.toLowerCase(),
    proxied: record.proxied,
    ttl: record.ttl,
    comment: record.comment ?? null,
    createdOn: record.created_on ?? null,
    modifiedOn: record.modified_on ?? null,
  };
}

/** How a refused call is treated: by Cloudflare's error codes first, then by the HTTP status. */
export function classifyFailure(httpStatus: number, codes: readonly number[]): DnsFailureKind {
  if (codes.some((code) => OTHER_TYPE_ON_NAME.has(code))) return 'blocked';
  if (codes.some((code) => AUTH_FAILURES.has(code)) || httpStatus === 401 || httpStatus === 403)
    return 'auth';
  if (httpStatus === 429 || httpStatus >= 500) return 'retryable';
  return 'permanent';
}

interface CallResult {
  httpStatus: number;
  envelope: Envelope;
}

export function createCloudflareClient(options: CloudflareClientOptions): DnsProvider {
  const breaker = options.breaker ?? new CircuitBreaker();
  const base = options.baseUrl.replace(/\/+$/, '');
  const apex = options.apexDomain.toLowerCase();
  const zonePath = `/zones/${encodeURIComponent(options.zoneId)}/dns_records`;
  const hostnameOf = (label: string) => `${label}.${apex}`;

  /** One call; a refused envelope is returned (not thrown) so callers can read its codes. */
  async function call(
    operation: string,
    method: HttpMethod,
    path: string,
    body?: unknown,
    correlation: Record<string, string | undefined> = {},
  ): Promise<CallResult> {
    let response: ProviderResponse;
    try {
      response = await providerFetch({
        integration: 'cloudflare',
        operation,
        method,
        url: `${base}${path}`,
        headers: {
          // INT-031: providerFetch never logs headers, and no error message below repeats this one.
          Authorization: `Bearer ${options.apiToken}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        version: options.version,
        logger: options.logger,
        timeoutMs: options.timeoutMs,
        attempts: options.attempts ?? 2,
        // INT-023: list, patch and delete repeat freely; a repeated create is resolved by ensureRecord.
        idempotent: true,
        retryOnStatus: isInlineRetryStatus,
        correlation: { dns_record_id: correlation.dns_record_id },
        responseCorrelation: (answer) => {
          const result = (JSON.parse(answer.bodyText) as { result?: { id?: unknown } } | null)?.result;
          return { dns_record_id: typeof result?.id === 'string' ? result.id : undefined };
        },
        breaker,
        backoffBaseMs: options.backoffBaseMs,
      });
    } catch (error) {
      if (error instanceof ProviderTransportError) {
        throw new DnsProviderError('retryable', `Cloudflare ${operation}: ${error.kind}`);
      }
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.bodyText);
    } catch {
      parsed = undefined;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      const kind = classifyFailure(response.status, []);
      throw new DnsProviderError(
        kind === 'permanent' && response.status < 300 ? 'retryable' : kind,
        `Cloudflare ${operation}: unreadable answer (HTTP ${response.status})`,
        { httpStatus: response.status, codes: [] },
      );
    }
    return { httpStatus: response.status, envelope: envelope.data };
  }

  const codesOf = (result: CallResult) => result.envelope.errors.map((error) => error.code);

  /** INT-401: success is `success === true`, whatever the HTTP status says. */
  function failed(operation: string, result: CallResult): DnsProviderError {
    const codes = codesOf(result);
    const messages = result.envelope.errors.map((error) => `${error.code} ${error.message ?? ''}`.trim());
    return new DnsProviderError(
      classifyFailure(result.httpStatus, codes),
      `Cloudflare ${operation} refused (HTTP ${result.httpStatus}): ${messages.join('; ') || 'no error given'}`,
      { httpStatus: result.httpStatus, codes },
    );
  }

  async function expectSuccess(operation: string, promise: Promise<CallResult>): Promise<unknown> {
    const result = await promise;
    if (result.httpStatus >= 300 || !result.envelope.success) throw failed(operation, result);
    return result.envelope.result;
  }

  async function listPage(query: URLSearchParams): Promise<DnsRecord[]> {
    const result = await expectSuccess(
      'list_records',
      call('list_records', 'GET', `${zonePath}?${query.toString()}`),
    );
    if (!Array.isArray(result))
      throw new DnsProviderError('retryable', 'Cloudflare list: result is not a list');
    return result.map(toRecord);
  }

  async function findRecord(hostname: string): Promise<DnsRecord | null> {
    const wanted = hostname.toLowerCase();
    const query = new URLSearchParams({ type: 'CNAME', name: wanted, per_page: String(PAGE_SIZE) });
    const records = await listPage(query);
    return records.find((record) => record.name === wanted && record.type === 'CNAME') ?? null;
  }

  async function listManagedRecords(): Promise<DnsRecord[]> {
    const managed: DnsRecord[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ type: 'CNAME', page: String(page), per_page: String(PAGE_SIZE) });
      const result = await call('list_records', 'GET', `${zonePath}?${query.toString()}`);
      if (result.httpStatus >= 300 || !result.envelope.success) throw failed('list_records', result);
      const rows = Array.isArray(result.envelope.result) ? result.envelope.result.map(toRecord) : [];
      managed.push(...rows.filter((record) => record.comment?.startsWith(MANAGED_COMMENT_PREFIX)));
      const totalPages = result.envelope.result_info?.total_pages ?? 1;
      if (page >= totalPages || rows.length === 0) break;
    }
    return managed;
  }

  async function createRecord(record: DesiredRecord): Promise<DnsRecord> {
    return toRecord(
      await expectSuccess(
        'create_record',
        call('create_record', 'POST', zonePath, { type: 'CNAME', ...record }),
      ),
    );
  }

  async function patchRecord(id: string, fields: Partial<DesiredRecord>): Promise<DnsRecord> {
    const path = `${zonePath}/${encodeURIComponent(id)}`;
    return toRecord(
      await expectSuccess('patch_record', call('patch_record', 'PATCH', path, fields, { dns_record_id: id })),
    );
  }

  async function deleteRecord(id: string): Promise<void> {
    const path = `${zonePath}/${encodeURIComponent(id)}`;
    await expectSuccess(
      'delete_record',
      call('delete_record', 'DELETE', path, undefined, { dns_record_id: id }),
    );
  }

  const desiredFor = (label: string, businessId: string): DesiredRecord => ({
    name: hostnameOf(label),
    content: apex,
    proxied: true,
    ttl: 1,
    comment: managedComment(businessId),
  });

  /** Brings an existing record in line: the target, proxying and our comment (INT-404 drift repair). */
  async function adopt(existing: DnsRecord, desired: DesiredRecord) {
    const wrong =
      existing.content !== desired.content || !existing.proxied || existing.comment !== desired.comment;
    if (!wrong) return { record: existing, action: 'adopted' as const };
    const record = await patchRecord(existing.id, {
      content: desired.content,
      proxied: true,
      ttl: desired.ttl,
      comment: desired.comment,
    });
    return { record, action: 'patched' as const };
  }

  return {
    name: 'cloudflare',
    apexDomain: apex,
    hostnameOf,
    async verifyToken() {
      const result = await call('verify_token', 'GET', '/user/tokens/verify');
      if (result.httpStatus >= 300 || !result.envelope.success) {
        const error = failed('verify_token', result);
        if (error.kind === 'auth') return false;
        throw error;
      }
      const status = (result.envelope.result as { status?: unknown } | null)?.status;
      return status === 'active';
    },
    findRecord,
    listManagedRecords,
    createRecord,
    patchRecord,
    deleteRecord,
    async ensureRecord(label, businessId) {
      const desired = desiredFor(label, businessId);
      const existing = await findRecord(desired.name);
      if (existing) {
        const adopted = await adopt(existing, desired);
        return adopted.action === 'adopted' ? { ...adopted, action: 'unchanged' as const } : adopted;
      }
      const created = await call('create_record', 'POST', zonePath, { type: 'CNAME', ...desired });
      if (created.httpStatus < 300 && created.envelope.success) {
        return { record: toRecord(created.envelope.result), action: 'created' as const };
      }
      // INT-406: someone (or our own earlier, unanswered try) created it meanwhile: take it over.
      if (codesOf(created).some((code) => RECORD_EXISTS.has(code))) {
        const now = await findRecord(desired.name);
        if (now) return adopt(now, desired);
      }
      throw failed('create_record', created);
    },
    async removeRecord(id) {
      const path = `${zonePath}/${encodeURIComponent(id)}`;
      const result = await call('delete_record', 'DELETE', path, undefined, { dns_record_id: id });
      if (result.httpStatus < 300 && result.envelope.success) return;
      // INT-023: a record that is already gone is as deleted as it gets.
      if (result.httpStatus === 404 || codesOf(result).includes(RECORD_MISSING)) return;
      throw failed('delete_record', result);
    },
  };
}
