import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/**
 * The catalogued message, plus the server's own sentence where it says more. Staff-only English screens
 * (ADM-050) benefit from "Already reviewed by Achieng at 14:02" (ADM-112) over a bare "conflict".
 */
export function staffErrorMessage(t: TFunction, error: unknown): string {
  const base = errorMessage(t, error);
  const detail = error instanceof ApiError ? error.extra.message : undefined;
  if (typeof detail !== 'string' || !detail || detail === base) return base;
  // A 409 covers many rules (nothing refundable, service already held, last owner…), not only a race:
  // the generic "someone else changed this" would mislead, so the server's own sentence stands alone.
  return error instanceof ApiError && error.code === 'CONFLICT' ? detail : `${base} — ${detail}`;
}
