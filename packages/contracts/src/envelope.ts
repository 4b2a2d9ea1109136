import { z } from 'zod';
import { ERROR_CODES, FIELD_ERROR_CODES } from './errors.js';

/** API-06: page numbers start at 1; `limit` is 1–100 (search narrows it to 50). */
export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export const paginationSchema = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: z.number().int().min(0),
  pages: z.number().int().min(0),
});

export type Pagination = z.infer<typeof paginationSchema>;

export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z
    .object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      field: z.string().optional(),
      details: z
        .array(z.object({ field: z.string(), code: z.enum(FIELD_ERROR_CODES), rule: z.string().optional() }))
        .optional(),
      request_id: z.string(),
      // API-05's extra keys per code; the UI reads them to say how long to wait or what to accept.
      retry_after: z.number().int().optional(),
      attempts_remaining: z.number().int().min(0).optional(),
      locked_until: z.iso.datetime().optional(),
      /** CONSENT_REQUIRED: the version of each document still to accept. */
      required_versions: z.record(z.string(), z.string()).optional(),
      /** TERMS_VERSION_OUTDATED: the versions published now. */
      terms_version: z.string().nullable().optional(),
      privacy_version: z.string().nullable().optional(),
    })
    .loose(),
  timestamp: z.iso.datetime(),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  message?: string;
  pagination?: Pagination;
  timestamp: string;
}

/** EP-SYS-01: the one flat (unwrapped) JSON reply besides files and redirects (API-13). */
export const healthSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  timestamp: z.iso.datetime(),
  uptime: z.number().int().min(0),
  database: z.enum(['connected', 'disconnected']),
  version: z.string(),
});

export type Health = z.infer<typeof healthSchema>;
