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

/** Reason codes per action (admin.md ADM-111, ADM-160) and the sellable services, from the contracts' zod-free lists. */
export {
  DELETION_REASON_CODES as DELETION_REASONS,
  REJECTION_REASON_CODES as REJECTION_REASONS,
  SERVICE_TYPES,
  SUSPENSION_REASON_CODES as SUSPENSION_REASONS,
  type ServiceTypeName as ServiceType,
} from '@tafuta/contracts/constants';

export function useReasonOptions() {
  const label = useLabel();
  return (codes: readonly string[]) => codes.map((code) => ({ code, label: label('reasons', code) }));
}
