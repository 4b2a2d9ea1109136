import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { FormAlerts, LabelledInput, StaffAuthShell } from '../../components/admin/AdminUi';

/** ADM-031: at least 12 characters with an upper-case letter, a digit and a special character. */
export function staffPasswordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('length');
  if (!/[A-Z]/.test(password)) problems.push('upper');
  if (!/\d/.test(password)) problems.push('digit');
  if (!/[^A-Za-z0-9]/.test(password)) problems.push('special');
  return problems;
}

/** The page behind the emailed invitation and reset links (ADM-024, ADM-037): single use, server-checked. */
export default function AdminPasswordPage() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const problems = staffPasswordProblems(password);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || problems.length > 0 || password !== repeat) return;
    setBusy(true);
    setFailure(null);
    try {
      await apiSend('POST', '/admin/auth/password/reset', { token, new_password: password });
      setDone(true);
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <StaffAuthShell title={ta('password.title')}>
      <div className="card w-full max-w-md space-y-4 p-6">
        <h1 className="text-h1 font-bold">{ta('password.title')}</h1>
        {done ? (
          <>
            <p role="status">{ta('password.done')}</p>
            <Link to="/admin/login" className="btn-primary">
              {ta('login.submit')}
            </Link>
          </>
        ) : !token ? (
          <p role="alert" className="text-error-700">
            {ta('password.noToken')}
          </p>
        ) : (
          <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
            <LabelledInput
              label={ta('password.new')}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <ul className="text-small">
              {(['length', 'upper', 'digit', 'special'] as const).map((rule) => (
                <li key={rule} className={problems.includes(rule) ? 'text-grey-600' : 'text-success-700'}>
                  {problems.includes(rule) ? '○ ' : '✓ '}
                  {ta(`password.rules.${rule}`)}
                </li>
              ))}
            </ul>
            <LabelledInput
              label={ta('password.repeat')}
              type="password"
              autoComplete="new-password"
              value={repeat}
              aria-invalid={repeat.length > 0 && repeat !== password}
              onChange={(event) => setRepeat(event.target.value)}
            />
            <FormAlerts failure={failure} />
            <button
              type="submit"
              className="btn-primary-lg"
              disabled={busy || problems.length > 0 || password !== repeat}
            >
              {busy ? ta('common.working') : ta('password.save')}
            </button>
          </form>
        )}
      </div>
    </StaffAuthShell>
  );
}
