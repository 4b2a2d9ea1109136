export type ServiceStatus = 'healthy' | 'unhealthy' | 'unavailable';

// Long enough for a slow 3G round trip, short enough that the status line does not hang forever.
export const HEALTH_TIMEOUT_MS = 10_000;

/**
 * Asks GET /api/health (EP-SYS-01) how the service is doing. The reply is flat, not wrapped in
 * the success envelope; only `status` is read here, mirroring `healthSchema` in @tafuta/contracts.
 * Never throws: network errors, timeouts and odd replies all come back as 'unavailable'.
 */
export async function fetchServiceStatus(signal: AbortSignal): Promise<ServiceStatus> {
  try {
    const response = await fetch('/api/health', {
      signal,
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    // An unhealthy service may answer 503 with a valid body, so read the body whatever the status code.
    const body: unknown = await response.json();
    const status = typeof body === 'object' && body !== null && 'status' in body ? body.status : undefined;
    return status === 'healthy' || status === 'unhealthy' ? status : 'unavailable';
  } catch {
    return 'unavailable';
  }
}
