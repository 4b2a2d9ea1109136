import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { OtpReply } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { normaliseKenyanMobile } from '../../lib/phone';
import { AuthShell, FormAlert, PhoneField, savePending } from './AuthParts';

/** UI-AUTH-02: phone → Send code → /login/verify. */
export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = params.get('returnTo');
  const carry = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const e164 = normaliseKenyanMobile(phone);
    setPhoneError(e164 ? null : t('auth.phoneInvalid'));
    if (!e164 || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<OtpReply>('POST', '/auth/request-otp', { phone: e164 });
      savePending({ phone: e164, resendAt: reply.resend_available_at, otpSent: reply.otp_sent });
      void navigate(`/login/verify${carry}`);
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthShell title={t('auth.loginTitle')}>
      <p>{t('auth.loginIntro')}</p>
      <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
        <PhoneField value={phone} onChange={setPhone} error={phoneError} />
        <FormAlert message={failure} />
        <button type="submit" disabled={busy} className="btn-primary-lg">
          {busy ? t('auth.working') : t('auth.sendCode')}
        </button>
      </form>
      <p>
        <Link to={`/login/password${carry}`} className="link inline-flex min-h-11 items-center">
          {t('auth.usePassword')}
        </Link>
      </p>
      <p>
        <Link to="/register" className="link inline-flex min-h-11 items-center">
          {t('auth.newHere')}
        </Link>
      </p>
    </AuthShell>
  );
}
