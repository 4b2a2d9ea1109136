import { useQueryClient } from '@tanstack/react-query';
import { CircleAlert, Clock3, EyeOff, Info } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REJECTION_REASON_CODES } from '@tafuta/contracts/constants';
import { apiSend } from '../../lib/api';
import type { BusinessPrivate } from '../../lib/config/types';
import { errorMessage } from '../../lib/errors';
import { formatLocalPhone } from '../../lib/phone';
import { usePublicSettings } from '../../lib/queries';
import { myBusinessesKey, useCurrentBusiness } from '../../pages/config/business-context';
import { statusLook } from './StatusChip';

type Tone = 'warning' | 'error' | 'neutral';

const TONES: Record<Tone, string> = {
  warning: 'bg-warning-50 text-warning-800',
  error: 'bg-error-50 text-error-700',
  neutral: 'bg-grey-50 text-ink border border-grey-200',
};

export function Banner(props: { tone: Tone; icon: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div
      role="status"
      data-testid={props.testId}
      className={`flex items-start gap-3 rounded-2xl p-4 ${TONES[props.tone]}`}
    >
      <span className="mt-0.5 shrink-0">{props.icon}</span>
      <div className="min-w-0 flex-1 space-y-2">{props.children}</div>
    </div>
  );
}

type PresetReason = Exclude<(typeof REJECTION_REASON_CODES)[number], 'other'>;
const isPreset = (code: string | null): code is PresetReason =>
  code !== null && code !== 'other' && (REJECTION_REASON_CODES as readonly string[]).includes(code);

/**
 * UI-DASH-09: the status banner on every screen of a business. Owners can show a hidden business again
 * at once, or reopen a closed one, which goes back to review (UI-SET-03, ERRATA 11).
 */
export function StatusBanner() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business, can, setBusiness } = useCurrentBusiness();
  const queryClient = useQueryClient();
  const settings = usePublicSettings();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const look = statusLook(business.status, business.review_state);
  const owner = can('settings.edit');
  // The staff's reason for sending a business back (ADM-111): the preset's words, then what they wrote.
  const code = business.rejection_reason_code;
  const reasonParts = [
    isPreset(code) ? t(`shell.rejection.${code}`) : null,
    business.rejection_reason?.trim() || null,
  ].filter(Boolean);
  const reason = reasonParts.length > 0 ? reasonParts.join(' — ') : t('shell.rejection.unspecified');

  const reopen = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setBusiness(await apiSend<BusinessPrivate>('POST', `/businesses/${business.business_id}/reactivate`));
      await queryClient.invalidateQueries({ queryKey: myBusinessesKey });
    } catch (error) {
      setFailure(errorMessage(tRoot, error));
    } finally {
      setBusy(false);
    }
  };
  const action = (label: string) =>
    owner ? (
      <>
        <button
          type="button"
          className="btn-primary"
          onClick={() => void reopen()}
          aria-busy={busy}
          disabled={busy}
        >
          {busy ? t('shell.dialog.working') : label}
        </button>
        {failure && (
          <p role="alert" className="font-semibold text-error-700">
            {failure}
          </p>
        )}
      </>
    ) : null;

  switch (look) {
    case 'waiting':
      return (
        <Banner tone="warning" icon={<Clock3 size={20} aria-hidden="true" />} testId="status-banner">
          <p>{t('shell.banner.waiting')}</p>
        </Banner>
      );
    case 'needsChanges':
      return (
        <Banner tone="error" icon={<CircleAlert size={20} aria-hidden="true" />} testId="status-banner">
          <p>{t('shell.banner.needsChanges', { reason })}</p>
        </Banner>
      );
    case 'hidden':
      return (
        <Banner tone="neutral" icon={<EyeOff size={20} aria-hidden="true" />} testId="status-banner">
          <p>{t('shell.banner.hidden')}</p>
          {action(t('shell.banner.showAgain'))}
        </Banner>
      );
    case 'closed':
      return (
        <Banner tone="neutral" icon={<Info size={20} aria-hidden="true" />} testId="status-banner">
          <p>{owner ? t('shell.banner.closedOwner') : t('shell.banner.closed')}</p>
          {action(t('shell.banner.reopen'))}
        </Banner>
      );
    case 'suspended': {
      const phone = settings.data?.settings.tafuta_support_phone;
      return (
        <Banner tone="error" icon={<CircleAlert size={20} aria-hidden="true" />} testId="status-banner">
          <p>
            {phone
              ? t('shell.banner.suspended', { phone: formatLocalPhone(phone) })
              : t('shell.banner.suspendedNoPhone')}
          </p>
        </Banner>
      );
    }
    case 'live':
      return null;
  }
}
