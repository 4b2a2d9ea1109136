import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { changeLanguage, isAppLanguage } from '../../i18n/language';
import { apiSend } from '../../lib/api';
import type { SignInReply } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { normaliseKenyanMobile } from '../../lib/phone';
import { safeReturnTo, signedIn } from '../../lib/session';
import { AuthShell, FormAlert, PasswordField, PhoneField } from './AuthParts';

/** UI-AUTH-04: phone + password with show/hide, "Forgot password?". */
export default function PasswordLoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const e164 = normaliseKenyanMobile(phone);
    setPhoneError(e164 ? null : t('auth.phoneInvalid'));
    if (!e164 || !password || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<SignInReply>('POST', '/auth/login/password', { phone: e164, password });
      signedIn(queryClient, reply.user);
      if (isAppLanguage(reply.user.language_preference)) void changeLanguage(reply.user.language_preference);
      void navigate(safeReturnTo(params.get('returnTo')), { replace: true });
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthShell title={t('auth.passwordTitle')}>
      <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
        <PhoneField value={phone} onChange={setPhone} error={phoneError} />
        <PasswordField
          label={t('auth.password')}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        <FormAlert message={failure} />
        <button type="submit" disabled={busy} className="btn-primary-lg">
          {busy ? t('auth.working') : t('auth.logIn')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password" className="link inline-flex min-h-11 items-center">
          {t('auth.forgot')}
        </Link>
      </p>
      <p>
        <Link to="/login" className="link inline-flex min-h-11 items-center">
          {t('auth.useCode')}
        </Link>
      </p>
    </AuthShell>
  );
}
