import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { OtpReply, SignInReply } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { formatLocalPhone } from '../../lib/phone';
import { safeReturnTo, signedIn } from '../../lib/session';
import { changeLanguage, isAppLanguage } from '../../i18n/language';
import { AuthShell, clearPending, FormAlert, readPending, savePending } from './AuthParts';

const secondsUntil = (iso: string) => Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));

/**
 * UI-AUTH-03: one 6-digit input (numeric keyboard, one-time-code autofill, paste allowed) that submits
 * itself at 6 digits; resend after the countdown the server gave; messages per error code.
 */
export default function VerifyCodePage({ purpose }: { purpose: 'login' | 'register' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [pending, setPending] = useState(() => readPending());
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(() => (pending ? secondsUntil(pending.resendAt) : 0));
  const inputId = useId();
  const submitted = useRef('');

  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(() => setWait(secondsUntil(pending.resendAt)), 1000);
    return () => window.clearInterval(timer);
  }, [pending]);

  if (!pending) return <Navigate to={purpose === 'register' ? '/register' : '/login'} replace />;

  const verify = async (value: string) => {
    if (busy || submitted.current === value) return;
    submitted.current = value;
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<SignInReply>('POST', '/auth/verify-otp', {
        phone: pending.phone,
        code: value,
      });
      clearPending();
      signedIn(queryClient, reply.user);
      // UI-I18N-14: on sign-in the account's saved language wins over the device's.
      if (isAppLanguage(reply.user.language_preference)) void changeLanguage(reply.user.language_preference);
      const target = safeReturnTo(params.get('returnTo'));
      void navigate(purpose === 'register' ? '/config?welcome=1' : target, { replace: true });
    } catch (error) {
      setFailure(errorMessage(t, error));
      setCode('');
      submitted.current = '';
    } finally {
      setBusy(false);
    }
  };

  const onChange = (raw: string) => {
    const digits = raw.replace(/\D/g, '').slice(0, 6);
    setCode(digits);
    if (digits.length === 6) void verify(digits);
  };

  const resend = async () => {
    setFailure(null);
    setNotice(null);
    try {
      const reply = await apiSend<OtpReply>('POST', '/auth/request-otp', { phone: pending.phone });
      const next = { phone: pending.phone, resendAt: reply.resend_available_at, otpSent: reply.otp_sent };
      savePending(next);
      setPending(next);
      setWait(secondsUntil(next.resendAt));
      setNotice(reply.otp_sent ? t('auth.codeResent') : t('auth.codeNotSent'));
    } catch (error) {
      setFailure(errorMessage(t, error));
    }
  };

  return (
    <AuthShell title={t('auth.codeTitle')}>
      <p>
        {t('auth.codeSentTo', { phone: formatLocalPhone(pending.phone) })}
        {' · '}
        <Link to={purpose === 'register' ? '/register' : '/login'} className="link">
          {t('auth.changeNumber')}
        </Link>
      </p>
      {!pending.otpSent && <p className="text-warning-800">{t('auth.codeNotSent')}</p>}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (code.length === 6) void verify(code);
        }}
        className="space-y-4"
      >
        <div>
          <label htmlFor={inputId} className="field-label">
            {t('auth.code')}
          </label>
          <input
            id={inputId}
            value={code}
            onChange={(event) => onChange(event.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            aria-invalid={failure ? true : undefined}
            className="field text-center font-mono text-h1 tracking-[0.5em]"
          />
        </div>
        <FormAlert message={failure} />
        <p aria-live="polite" className="text-small text-success-700">
          {notice}
        </p>
        <button type="submit" disabled={busy || code.length !== 6} className="btn-primary-lg">
          {busy ? t('auth.working') : t('auth.verify')}
        </button>
      </form>
      <button
        type="button"
        disabled={wait > 0}
        onClick={() => void resend()}
        className="btn-secondary w-full"
      >
        {wait > 0 ? t('auth.resendIn', { seconds: wait }) : t('auth.resend')}
      </button>
    </AuthShell>
  );
}
