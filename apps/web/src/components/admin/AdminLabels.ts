import { useTranslation } from 'react-i18next';

/**
 * Labels for values the API sends (statuses, reason codes, roles, event types). The key is built at run
 * time, so it cannot be checked against the catalogue's type; an unknown value falls back to itself.
 */
export function useLabel() {
  const { t } = useTranslation('admin');
  const translate = t as unknown as (key: string, options: { defaultValue: string }) => string;
  return (group: string, value: string | null | undefined): string =>
    value ? translate(`${group}.${value}`, { defaultValue: value.replaceAll('_', ' ') }) : '—';
}

/** Reason codes per action (admin.md ADM-111, ADM-160), mirrored from packages/contracts/src/directory.ts. */
export const REJECTION_REASONS = [
  'incomplete_information',
  'invalid_phone',
  'duplicate_listing',
  'inappropriate_content',
  'other',
] as const;
export const SUSPENSION_REASONS = [
  'terms_violation',
  'fraud_or_misleading',
  'owner_request',
  'other',
] as const;
export const DELETION_REASONS = ['owner_request', 'duplicate_listing', 'spam', 'other'] as const;

/** The sellable services, mirrored from packages/contracts/src/directory.ts (no zod in the admin chunks). */
export const SERVICE_TYPES = [
  'website_hosting',
  'image_gallery',
  'search_promotion',
  'premium_listing',
  'ads',
] as const;

export function useReasonOptions() {
  const label = useLabel();
  return (codes: readonly string[]) => codes.map((code) => ({ code, label: label('reasons', code) }));
}
