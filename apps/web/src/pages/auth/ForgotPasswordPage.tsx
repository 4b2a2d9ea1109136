import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { OtpReply, Profile } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { normaliseKenyanMobile } from '../../lib/phone';
import { signedIn } from '../../lib/session';
import { AuthShell, FormAlert, NewPasswordField, PhoneField, SmsCodeField } from './AuthParts';

/** UI-AUTH-07: phone → code → new password (rule checklist) → "Password changed". */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'phone' | 'reset' | 'done'>('phone');
  const [phone, setPhone] = useState('');
  const [e164, setE164] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseKenyanMobile(phone);
    setPhoneError(normalised ? null : t('auth.phoneInvalid'));
    if (!normalised) return;
    void run(async () => {
      await apiSend<OtpReply>('POST', '/auth/password/reset', { phone: normalised });
      setE164(normalised);
      setStep('reset');
    });
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const reply = await apiSend<{ user: Profile }>('POST', '/auth/password/update', {
        phone: e164,
        code,
        new_password: password,
      });
      signedIn(queryClient, reply.user);
      setStep('done');
    });
  };

  return (
    <AuthShell title={t('auth.forgotTitle')}>
      {step === 'phone' && (
        <form noValidate onSubmit={sendCode} className="space-y-4">
          <p>{t('auth.forgotIntro')}</p>
          <PhoneField value={phone} onChange={setPhone} error={phoneError} />
          <FormAlert message={failure} />
          <button type="submit" disabled={busy} className="btn-primary-lg">
            {t('auth.sendCode')}
          </button>
        </form>
      )}
      {step === 'reset' && (
        <form noValidate onSubmit={save} className="space-y-4">
          <SmsCodeField value={code} onChange={setCode} />
          <NewPasswordField label={t('auth.newPassword')} value={password} onChange={setPassword} />
          <FormAlert message={failure} />
          <button type="submit" disabled={busy || code.length !== 6} className="btn-primary-lg">
            {t('auth.savePassword')}
          </button>
        </form>
      )}
      {step === 'done' && (
        <div className="space-y-4">
          <p role="status" className="rounded-2xl bg-success-50 p-3 text-success-700">
            {t('auth.passwordChanged')}
          </p>
          <button type="button" className="btn-primary-lg" onClick={() => void navigate('/config')}>
            {t('auth.verify')}
          </button>
        </div>
      )}
    </AuthShell>
  );
}
