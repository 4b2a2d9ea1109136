import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading';
import { formatLocalPhone } from '../../lib/phone';
import { useMe, useSignOut } from '../../lib/session';

/**
 * The signed-in landing page until the owner dashboard (/config) is built: the phone, a sign-out
 * button, and after registration the UI-AUTH-06 welcome.
 */
export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  if (me.isPending) return <Loading />;
  // UI-AUTH-08: protected routes send signed-out visitors to log in, then back.
  if (!me.data) return <Navigate to="/login?returnTo=%2Fconfig" replace />;
  const welcome = params.get('welcome') === '1';
  return (
    <div className="page max-w-md space-y-4 py-6">
      <title>{t('meta.pageTitle', { title: t('auth.accountTitle') })}</title>
      <h1 className="text-h1 font-bold">{welcome ? t('auth.welcomeTitle') : t('auth.accountTitle')}</h1>
      {welcome && <p>{t('auth.welcomeBody')}</p>}
      <p>{t('auth.signedInAs', { phone: formatLocalPhone(me.data.phone) })}</p>
      {welcome && (
        <div className="flex gap-2">
          <Link to="/list-your-business" className="btn-primary flex-1">
            {t('auth.listMyBusiness')}
          </Link>
          <Link to="/config" replace className="btn-secondary flex-1">
            {t('auth.later')}
          </Link>
        </div>
      )}
      <button
        type="button"
        className="btn-secondary w-full"
        onClick={() => void signOut().then(() => navigate('/', { replace: true }))}
      >
        {t('auth.signOut')}
      </button>
    </div>
  );
}
