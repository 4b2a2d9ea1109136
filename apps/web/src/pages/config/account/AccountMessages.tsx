import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import type { AccountProfile } from './account-api';

type Channel = 'marketing_sms_opt_in' | 'marketing_email_opt_in';

function Switch(props: {
  label: string;
  hint?: string;
  checked: boolean;
  disabled: boolean;
  onToggle: () => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-3">
      <div>
        <p id={id} className="font-semibold">
          {props.label}
        </p>
        {props.hint && (
          <p id={`${id}-hint`} className="text-small text-grey-600">
            {props.hint}
          </p>
        )}
      </div>
      {/* UI-DS-09: a 44 px tap area around the track. */}
      <button
        type="button"
        role="switch"
        aria-checked={props.checked}
        aria-labelledby={id}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        disabled={props.disabled}
        onClick={props.onToggle}
        className="flex min-h-11 min-w-14 shrink-0 items-center justify-center rounded-full disabled:cursor-not-allowed disabled:opacity-50"
      >
        <span
          aria-hidden="true"
          className={`flex h-7 w-12 items-center rounded-full p-0.5 transition-colors ${
            props.checked ? 'bg-brand-700' : 'bg-grey-500'
          }`}
        >
          <span
            className={`size-6 rounded-full bg-white shadow transition-transform ${props.checked ? 'translate-x-5' : ''}`}
          />
        </span>
      </button>
    </div>
  );
}

/**
 * UI-ACC-02 / EP-ME-06: what always arrives, and the two marketing switches (off by default; email
 * needs an address). Each change is saved at once and writes a consent event on the server (USR-05).
 */
export function AccountMessages(props: {
  profile: AccountProfile;
  onSaved: (profile: AccountProfile) => void;
}) {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const { profile } = props;
  const [busy, setBusy] = useState<Channel | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const toggle = async (channel: Channel) => {
    if (busy) return;
    setBusy(channel);
    setFailure(null);
    try {
      const preferences = await apiSend<AccountProfile['preferences']>('PATCH', '/users/me/preferences', {
        [channel]: !profile.preferences[channel],
      });
      props.onSaved({ ...profile, preferences });
    } catch (error) {
      setFailure(errorMessage(tDefault, error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="space-y-4">
      <p>{t('account.messages.always')}</p>
      <Switch
        label={t('account.messages.sms')}
        checked={profile.preferences.marketing_sms_opt_in}
        disabled={busy !== null}
        onToggle={() => void toggle('marketing_sms_opt_in')}
      />
      <Switch
        label={t('account.messages.email')}
        hint={profile.email ? undefined : t('account.messages.emailNeedsAddress')}
        checked={profile.preferences.marketing_email_opt_in}
        disabled={busy !== null || !profile.email}
        onToggle={() => void toggle('marketing_email_opt_in')}
      />
      <div aria-live="assertive">
        {failure && (
          <p role="alert" className="text-small font-semibold text-error-700">
            {failure}
          </p>
        )}
      </div>
    </div>
  );
}
