import { useEffect, useState } from 'react';
import { apiGet } from '../../lib/api';

/** `GET /api/subdomains/availability` (ERRATA 1, UI-SUB-04). */
export interface Availability {
  subdomain: string;
  available: boolean;
  reason: 'taken' | 'reserved' | 'invalid' | null;
  suggestions: string[];
}

export type AvailabilityCheck =
  { state: 'idle' | 'checking' | 'failed' } | { state: 'done'; verdict: Availability };

type Answer = { name: string; verdict: Availability | null };

/**
 * UI-SUB-04: ask 400 ms after typing stops; a newer keystroke aborts the question still out. The
 * answer is kept with the name it is for, so a name typed since shows "checking" until its own answer
 * arrives. `skip` (nothing typed, or the address the business already has) asks nothing.
 */
export function useSubdomainAvailability(
  wanted: string,
  businessId: string,
  skip: boolean,
): AvailabilityCheck {
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    if (skip) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      apiGet<Availability>('/subdomains/availability', {
        signal: controller.signal,
        query: { subdomain: wanted, business_id: businessId },
      })
        .then((verdict) => setAnswer({ name: wanted, verdict }))
        .catch(() => {
          if (!controller.signal.aborted) setAnswer({ name: wanted, verdict: null });
        });
    }, 400);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [wanted, skip, businessId]);
  if (skip) return { state: 'idle' };
  if (answer?.name !== wanted) return { state: 'checking' };
  return answer.verdict ? { state: 'done', verdict: answer.verdict } : { state: 'failed' };
}
