import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import type { Profile } from '../../lib/api-types';
import { errorMessage } from '../../lib/errors';
import { ME_KEY, rememberSignedIn } from '../../lib/session';
import { STAFF_KEY, type StaffRole } from '../../components/admin/AdminStaff';
import { FormAlerts, LabelledInput, StaffAuthShell } from '../../components/admin/AdminUi';

/** Only back-office paths are followed after a staff sign-in (UI-AUTH-08's rule, narrowed). */
function safeAdminPath(value: string | null): string {
  return value && /^\/admin(\/|$|\?)/.test(value) && !value.startsWith('//') ? value : '/admin';
}

/** ADM-030..037: email + password; the same answer for every failure; "forgot password" by email. */
export default function AdminLoginPage() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [forgot, setForgot] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !email.trim() || (!forgot && !password)) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      if (forgot) {
        await apiSend('POST', '/admin/auth/password/forgot', { email: email.trim() });
        setNotice(ta('login.resetSent'));
        setForgot(false);
        return;
      }
      const reply = await apiSend<{ user: Profile; staff_role: StaffRole }>('POST', '/admin/auth/login', {
        email: email.trim(),
        password,
      });
      rememberSignedIn(true);
      queryClient.setQueryData(STAFF_KEY, { ...reply.user, staff_role: reply.staff_role });
      // The one session cookie now holds the staff session; the public header must ask again.
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
      void navigate(safeAdminPath(params.get('returnTo')), { replace: true });
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <StaffAuthShell title={ta('login.title')}>
      <form
        noValidate
        onSubmit={(event) => void submit(event)}
        className="card w-full max-w-md space-y-4 p-6"
      >
        <h1 className="text-h1 font-bold">{forgot ? ta('login.forgotTitle') : ta('login.title')}</h1>
        {params.get('expired') === '1' && <p className="text-warning-800">{ta('login.expired')}</p>}
        <LabelledInput
          label={ta('login.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        {!forgot && (
          <LabelledInput
            label={ta('login.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
        <FormAlerts failure={failure} notice={notice} />
        <button type="submit" className="btn-primary-lg" disabled={busy}>
          {busy ? ta('common.working') : forgot ? ta('login.sendReset') : ta('login.submit')}
        </button>
        <button type="button" className="btn-ghost w-full" onClick={() => setForgot(!forgot)}>
          {forgot ? ta('login.backToSignIn') : ta('login.forgot')}
        </button>
      </form>
    </StaffAuthShell>
  );
}
