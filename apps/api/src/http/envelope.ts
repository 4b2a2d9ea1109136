import type { Response } from 'express';
import type { Pagination } from '@tafuta/contracts';

/** API-04: every JSON success reply, lists with `pagination` (API-06). */
export function sendData<T>(
  res: Response,
  data: T,
  options: { status?: number; message?: string; pagination?: Pagination } = {},
): void {
  res.status(options.status ?? 200).json({
    success: true,
    data,
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.pagination === undefined ? {} : { pagination: options.pagination }),
    timestamp: isoSeconds(new Date()),
  });
}

export function paginate(page: number, limit: number, total: number): Pagination {
  return { page, limit, total, pages: Math.ceil(total / limit) };
}

/** API-07: instants as ISO 8601 UTC with `Z`, to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
