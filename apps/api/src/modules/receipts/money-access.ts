import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { authOf } from '../../http/auth-context.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor } from '../businesses/access.js';

/**
 * Who may see a business's money records (PAY-226, PAY-343): Owners and business Admins of that
 * business, and staff (Support+, ADM-003). Everyone else — employees included — is told "not found",
 * never "forbidden", so receipt and transaction ids cannot be probed.
 */

type Db = Kysely<Database>;

export async function assertMoneyAccess(
  db: Db,
  actor: Actor,
  businessId: string,
  what: string,
  logger?: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    await businessForActor(db, { actor, businessId, action: 'business.view_transactions', logger });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
      throw notFound(`No such ${what}`);
    }
    throw error;
  }
}

/** API-09: an id that is not a UUID is simply "not found". */
export function parseId(value: unknown, what: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw notFound(`No such ${what}`);
  return parsed.data;
}

export function actorOf(res: Parameters<RequestHandler>[1]): Actor {
  const auth = authOf(res)!;
  return { userId: auth.userId, staffRole: auth.staffRole };
}
