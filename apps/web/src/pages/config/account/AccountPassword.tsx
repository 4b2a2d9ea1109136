import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../lib/api';
import type { Profile } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/errors';
import { signedIn } from '../../../lib/session';
import {
  FormAlert,
  NewPasswordField,
  passwordAcceptable,
  PasswordField,
  SmsCodeField,
} from '../../auth/AuthParts';
import { accountKey, type AccountProfile } from './account-api';

/**
 * UI-ACC-03: "Change password" (PWD-05: the current one, then a new one; other phones are logged out)
 * or, for a passwordless account, "Set a password (optional)" through an SMS code (PWD-04), both with
 * the live PWD-01 checklist and show/hide.
 */
export function AccountPassword({ profile }: { profile: AccountProfile }) {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await action();
    } catch (error) {
      setFailure(errorMessage(tDefault, error));
    } finally {
      setBusy(false);
    }
  };

  const change = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const reply = await apiSend<{ sessions_revoked: number }>('PATCH', '/users/me/password', {
        current_password: current,
        new_password: next,
      });
      setCurrent('');
      setNext('');
      setDone(t('account.password.changed', { count: reply.sessions_revoked }));
    });
  };

  const sendCode = () =>
    void run(async () => {
      await apiSend('POST', '/auth/password/reset', { phone: profile.phone });
      setCodeSent(true);
    });

  const setFirst = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const reply = await apiSend<{ user: Profile }>('POST', '/auth/password/update', {
        phone: profile.phone,
        code,
        new_password: next,
      });
      // PWD-04: every session ended and this phone got a new one; the profile now has a password.
      signedIn(queryClient, reply.user);
      await queryClient.invalidateQueries({ queryKey: accountKey });
      setCode('');
      setNext('');
      setCodeSent(false);
      setDone(t('account.password.set'));
    });
  };

  const status = (
    <>
      <FormAlert message={failure} />
      <div aria-live="polite">
        {done && (
          <p role="status" className="rounded-2xl bg-success-50 p-3 text-success-700">
            {done}
          </p>
        )}
      </div>
    </>
  );

  if (profile.has_password) {
    return (
      <form noValidate onSubmit={change} className="space-y-4">
        <PasswordField
          label={t('account.password.current')}
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
        />
        <NewPasswordField label={t('account.password.new')} value={next} onChange={setNext} />
        {status}
        <button
          type="submit"
          className="btn-primary"
          disabled={busy || current === '' || !passwordAcceptable(next)}
        >
          {busy ? t('account.working') : t('account.password.changeButton')}
        </button>
      </form>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-grey-600">{t('account.password.optionalIntro')}</p>
      {!codeSent ? (
        <>
          {status}
          <button type="button" className="btn-secondary" disabled={busy} onClick={sendCode}>
            {busy ? t('account.working') : t('account.password.sendCode')}
          </button>
        </>
      ) : (
        <form noValidate onSubmit={setFirst} className="space-y-4">
          <p>{t('account.password.codeSent')}</p>
          <SmsCodeField value={code} onChange={setCode} />
          <NewPasswordField label={t('account.password.new')} value={next} onChange={setNext} />
          {status}
          <button
            type="submit"
            className="btn-primary"
            disabled={busy || code.length !== 6 || !passwordAcceptable(next)}
          >
            {busy ? t('account.working') : t('account.password.setButton')}
          </button>
        </form>
      )}
    </div>
  );
}
