/**
 * The Cloudflare DNS simulator (INT-430): token check and the dns_records endpoints of one zone, with the
 * v4 envelope and error codes, so the real client runs unchanged in tests and local development. Tests
 * reach behind its back with `addRecord` (a manual A record, a stray CNAME) and `deleteByHand`.
 */
import crypto from 'node:crypto';
import express from 'express';

export interface SimulatedDnsRecord {
  id: string;
  type: string;
  name: string;
  content: string;
  proxied: boolean;
  ttl: number;
  comment: string | null;
  created_on: string;
  modified_on: string;
}

export interface CloudflareSimulatorOptions {
  /** When set, `Authorization: Bearer <apiToken>` is required (else HTTP 403, error 10000). */
  apiToken?: string;
  /** When set, only this zone exists. */
  zoneId?: string;
}

export interface CloudflareSimulator {
  router: express.Router;
  records(filter?: { name?: string; type?: string }): SimulatedDnsRecord[];
  reset(): void;
  /** The next `count` API calls answer `status` (429 comes with Retry-After: 0). */
  failNext(count: number, status: number): void;
  /** The next create answers this Cloudflare error (e.g. 81058) after storing the record anyway. */
  createThenAnswer(code: number): void;
  addRecord(record: Partial<SimulatedDnsRecord> & { name: string; type?: string }): SimulatedDnsRecord;
  /** Someone deleted it in the dashboard. Returns whether there was one. */
  deleteByHand(name: string): boolean;
  /** API calls received (for asserting that nothing was asked, INT-421). */
  calls(): number;
}

const ERROR_MESSAGES: Record<number, string> = {
  10000: 'Authentication error',
  7003: 'Could not route to /zones/..., perhaps your object identifier is invalid?',
  81044: 'Record does not exist.',
  81053: 'An A, AAAA, or CNAME record with that host already exists.',
  81057: 'The record already exists.',
  81058: 'An identical record already exists.',
  9005: 'Content for CNAME record is invalid.',
};

function envelope(result: unknown, extra: Record<string, unknown> = {}) {
  return { success: true, errors: [], messages: [], result, ...extra };
}

function refusal(code: number) {
  return {
    success: false,
    errors: [{ code, message: ERROR_MESSAGES[code] ?? 'Error' }],
    messages: [],
    result: null,
  };
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function createCloudflareSimulator(options: CloudflareSimulatorOptions = {}): CloudflareSimulator {
  let stored: SimulatedDnsRecord[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  let createAnswer: number | null = null;
  let callCount = 0;

  const router = express.Router();
  router.use(express.json({ type: () => true, limit: '100kb' }));

  router.use((req, res, next) => {
    callCount += 1;
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      if (failures.status === 429) res.setHeader('Retry-After', '0');
      res.status(failures.status).json({
        success: false,
        errors: [
          { code: failures.status === 429 ? 971 : 10000 + failures.status, message: 'Simulated failure' },
        ],
        messages: [],
        result: null,
      });
      return;
    }
    if (options.apiToken !== undefined && req.get('authorization') !== `Bearer ${options.apiToken}`) {
      res.status(403).json(refusal(10000));
      return;
    }
    next();
  });

  router.get('/user/tokens/verify', (_req, res) => {
    res.json(
      envelope(
        { id: 'simulated-token', status: 'active' },
        { messages: [{ code: 10000, message: 'This API Token is valid and active' }] },
      ),
    );
  });

  router.use('/zones/:zoneId', (req, res, next) => {
    if (options.zoneId !== undefined && req.params.zoneId !== options.zoneId) {
      res.status(404).json(refusal(7003));
      return;
    }
    next();
  });

  router.get('/zones/:zoneId/dns_records', (req, res) => {
    const text = (key: string) => (typeof req.query[key] === 'string' ? req.query[key] : undefined);
    const page = Math.max(1, Number(text('page') ?? 1) || 1);
    const perPage = Math.min(5000, Math.max(5, Number(text('per_page') ?? 100) || 100));
    const name = text('name')?.toLowerCase();
    const type = text('type')?.toUpperCase();
    const matching = stored.filter(
      (record) =>
        (name === undefined || record.name === name) && (type === undefined || record.type === type),
    );
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    res.json(
      envelope(slice, {
        result_info: {
          page,
          per_page: perPage,
          count: slice.length,
          total_count: matching.length,
          total_pages: Math.max(1, Math.ceil(matching.length / perPage)),
        },
      }),
    );
  });

  router.post('/zones/:zoneId/dns_records', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const type = typeof body.type === 'string' ? body.type.toUpperCase() : '';
    const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
    const content = typeof body.content === 'string' ? body.content.toLowerCase() : '';
    if (!type || !HOSTNAME.test(name) || !content) {
      res.status(400).json(refusal(9005));
      return;
    }
    const sameName = stored.filter((record) => record.name === name);
    if (type === 'CNAME' && sameName.some((record) => record.type !== 'CNAME')) {
      res.status(400).json(refusal(81053));
      return;
    }
    if (sameName.some((record) => record.type === type)) {
      const identical = sameName.some((record) => record.type === type && record.content === content);
      res.status(400).json(refusal(identical ? 81058 : 81057));
      return;
    }
    const record = addRecord({
      type,
      name,
      content,
      proxied: body.proxied === true,
      ttl: typeof body.ttl === 'number' ? body.ttl : 1,
      comment: typeof body.comment === 'string' ? body.comment : null,
    });
    if (createAnswer !== null) {
      // A create that went through while its answer was lost or garbled: the client sees only the error.
      const code = createAnswer;
      createAnswer = null;
      res.status(400).json(refusal(code));
      return;
    }
    res.json(envelope(record));
  });

  router.patch('/zones/:zoneId/dns_records/:id', (req, res) => {
    const record = stored.find((candidate) => candidate.id === req.params.id);
    if (!record) {
      res.status(404).json(refusal(81044));
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.content === 'string') record.content = body.content.toLowerCase();
    if (typeof body.proxied === 'boolean') record.proxied = body.proxied;
    if (typeof body.ttl === 'number') record.ttl = body.ttl;
    if (typeof body.comment === 'string' || body.comment === null) record.comment = body.comment;
    record.modified_on = new Date().toISOString();
    res.json(envelope({ ...record }));
  });

  router.delete('/zones/:zoneId/dns_records/:id', (req, res) => {
    const before = stored.length;
    stored = stored.filter((record) => record.id !== req.params.id);
    if (stored.length === before) {
      res.status(404).json(refusal(81044));
      return;
    }
    res.json(envelope({ id: req.params.id }));
  });

  function addRecord(
    input: Partial<SimulatedDnsRecord> & { name: string; type?: string },
  ): SimulatedDnsRecord {
    const now = new Date().toISOString();
    const record: SimulatedDnsRecord = {
      id: input.id ?? crypto.randomBytes(16).toString('hex'),
      type: (input.type ?? 'CNAME').toUpperCase(),
      name: input.name.toLowerCase(),
      content: input.content ?? '192.0.2.10',
      proxied: input.proxied ?? false,
      ttl: input.ttl ?? 1,
      comment: input.comment ?? null,
      created_on: input.created_on ?? now,
      modified_on: input.modified_on ?? now,
    };
    stored.push(record);
    return record;
  }

  return {
    router,
    records: (filter = {}) =>
      stored
        .filter(
          (record) =>
            (filter.name === undefined || record.name === filter.name.toLowerCase()) &&
            (filter.type === undefined || record.type === filter.type.toUpperCase()),
        )
        .map((record) => ({ ...record })),
    reset() {
      stored = [];
      failures = { remaining: 0, status: 503 };
      createAnswer = null;
      callCount = 0;
    },
    failNext(count, status) {
      failures = { remaining: count, status };
    },
    createThenAnswer(code) {
      createAnswer = code;
    },
    addRecord,
    deleteByHand(name) {
      const before = stored.length;
      stored = stored.filter((record) => record.name !== name.toLowerCase());
      return stored.length !== before;
    },
    calls: () => callCount,
  };
}
