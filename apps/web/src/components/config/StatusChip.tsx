import { useTranslation } from 'react-i18next';
import type { BusinessStatus } from '../../lib/config/types';

/** UI-DASH-09 states as owners see them; a pending business sent back by staff "needs changes". */
export type StatusLook = 'waiting' | 'needsChanges' | 'live' | 'hidden' | 'closed' | 'suspended';

export function statusLook(status: BusinessStatus, reviewState: string | null): StatusLook {
  switch (status) {
    case 'pending':
      return reviewState === 'changes_requested' ? 'needsChanges' : 'waiting';
    case 'active':
      return 'live';
    case 'deactivated':
      return 'hidden';
    case 'out_of_business':
    case 'deleted':
      return 'closed';
    case 'suspended':
      return 'suspended';
  }
}

// Token pairs from ui.md §12.1 only (UI-A11Y-02); the word is always there, colour is never the only signal.
const COLOURS: Record<StatusLook, string> = {
  waiting: 'bg-warning-50 text-warning-800',
  needsChanges: 'bg-error-50 text-error-700',
  live: 'bg-success-50 text-success-700',
  hidden: 'bg-grey-50 text-grey-600 border border-grey-200',
  closed: 'bg-grey-50 text-grey-600 border border-grey-200',
  suspended: 'bg-error-50 text-error-700',
};

/** UI-DS-10 status chip. `compact` drops the 44 px height where the chip sits inside a larger target. */
export function StatusChip(props: { status: BusinessStatus; reviewState: string | null; compact?: boolean }) {
  const { t } = useTranslation('config');
  const look = statusLook(props.status, props.reviewState);
  return (
    <span
      data-testid="status-chip"
      className={`inline-flex shrink-0 items-center rounded-full px-2.5 text-small font-semibold ${
        props.compact ? 'min-h-7' : 'min-h-8'
      } ${COLOURS[look]}`}
    >
      {t(`shell.status.${look}`)}
    </span>
  );
}
