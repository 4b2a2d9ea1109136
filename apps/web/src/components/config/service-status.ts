import type { ServiceView } from '../../lib/config/types';

/**
 * Where each paid service of a business stands, counted in Nairobi calendar days (UI-DASH-06/11,
 * UI-DS-22). ERRATA 22: a service is shown as active through `last_service_date` (the day before
 * `expiration_date`), so "ends today" is its last day and "ended" starts the day after.
 */

export type ServiceState =
  | { kind: 'active'; daysLeft: number }
  | { kind: 'ended'; daysAgo: number }
  /** Stopped early by Tafuta staff (refund, ADM-350): no end date worth printing. */
  | { kind: 'stopped' };

export interface ServiceStanding {
  service: ServiceView;
  state: ServiceState;
}

/** Banner and Renew windows (UI-DASH-06/11). */
export const BANNER_DAYS = 7;
export const RENEW_DAYS = 14;
/** An ended service is offered for renewal, and bannered, for twelve months; older ones are history. */
export const ENDED_WINDOW_DAYS = 365;

const DAY_MS = 86_400_000;

/** Today's date in Nairobi as `YYYY-MM-DD`, whatever the phone's time zone. */
export function nairobiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Nairobi',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function serviceState(service: ServiceView, today: string): ServiceState {
  if (service.status === 'cancelled') return { kind: 'stopped' };
  const left = daysBetween(today, service.last_service_date);
  return left >= 0 ? { kind: 'active', daysLeft: left } : { kind: 'ended', daysAgo: -left };
}

/** Every service with its state, soonest to end first (ended ones last, most recent first). */
export function standings(services: readonly ServiceView[], today: string): ServiceStanding[] {
  const rank = (state: ServiceState) =>
    state.kind === 'active' ? state.daysLeft : state.kind === 'ended' ? 100_000 + state.daysAgo : 1_000_000;
  return services
    .map((service) => ({ service, state: serviceState(service, today) }))
    .sort((a, b) => rank(a.state) - rank(b.state));
}

/** UI-DASH-11: ending within 7 days, or ended (within the window). */
export function needsBanner(state: ServiceState): boolean {
  if (state.kind === 'active') return state.daysLeft <= BANNER_DAYS;
  if (state.kind === 'ended') return state.daysAgo <= ENDED_WINDOW_DAYS;
  return false;
}

/** UI-DASH-06: Renew shows when a service ends within 14 days or ended within the last 12 months. */
export function renewable(state: ServiceState): boolean {
  if (state.kind === 'active') return state.daysLeft <= RENEW_DAYS;
  if (state.kind === 'ended') return state.daysAgo <= ENDED_WINDOW_DAYS;
  return false;
}

/** The service the home card's Renew button preselects: the one that needs it most. */
export function serviceToRenew(services: readonly ServiceView[], today: string): string | null {
  return standings(services, today).find((entry) => renewable(entry.state))?.service.service_type ?? null;
}

export function isActive(services: readonly ServiceView[], type: string, today: string): boolean {
  return services.some(
    (service) => service.service_type === type && serviceState(service, today).kind === 'active',
  );
}
