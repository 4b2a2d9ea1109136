import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { setLightData } from '../../../lib/light-query';
import { usePublicSettings } from '../../../lib/queries';
import { ME_KEY, rememberSignedIn } from '../../../lib/session';
import { useSignOut } from '../../../lib/sign-out';
import { ShellDialog } from '../../../components/config/ShellDialog';
import { forgetOnThisPhone } from './account-api';

type Action = 'everywhere' | 'pause';

/** After the server ended every session: forget this person here too (UI-AUTH-12, UI-ACC-05). */
function useForgetSession() {
  const queryClient = useQueryClient();
  return (userId: string) => {
    forgetOnThisPhone(userId);
    rememberSignedIn(false);
    setLightData(ME_KEY, null);
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
  };
}

/**
 * Sign out everywhere (EP-AUTH-06), pause my account (UI-ACC-04 / ACC-01, effects stated first), data
 * copy and deletion through the office (ACC-05), and Log out (UI-ACC-05: drafts, cart and cached data
 * leave the phone).
 */
export function AccountSessions({ userId }: { userId: string }) {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const forget = useForgetSession();
  const settings = usePublicSettings();
  const phone = settings.data?.settings.tafuta_support_phone;
  const [open, setOpen] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const act = async (action: Action) => {
    setBusy(true);
    setFailure(null);
    try {
      if (action === 'everywhere') await apiSend('POST', '/auth/logout-all');
      else await apiSend('POST', '/users/me/deactivate', reason.trim() ? { reason: reason.trim() } : {});
      forget(userId);
      void navigate(action === 'everywhere' ? '/login' : '/', { replace: true });
    } catch (error) {
      setFailure(errorMessage(tDefault, error));
      setBusy(false);
    }
  };

  const logOut = async () => {
    setBusy(true);
    forgetOnThisPhone(userId);
    await signOut().catch(() => undefined);
    void navigate('/', { replace: true });
  };

  const close = () => {
    setOpen(null);
    setFailure(null);
  };

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h3 className="text-h3 font-bold">{t('account.sessions.everywhereTitle')}</h3>
        <p className="text-grey-600">{t('account.sessions.everywhereBody')}</p>
        <button type="button" className="btn-secondary" onClick={() => setOpen('everywhere')}>
          {t('account.sessions.everywhere')}
        </button>
      </div>
      <div className="space-y-2">
        <h3 className="text-h3 font-bold">{t('account.pause.title')}</h3>
        <p className="text-grey-600">{t('account.pause.body')}</p>
        <button type="button" className="btn-secondary" onClick={() => setOpen('pause')}>
          {t('account.pause.button')}
        </button>
      </div>
      <div className="space-y-2">
        <h3 className="text-h3 font-bold">{t('account.data.title')}</h3>
        <p className="text-grey-600">
          {phone ? t('account.data.bodyWithPhone', { phone }) : t('account.data.body')}
        </p>
        <Link to="/contact" className="link">
          {t('account.data.contact')}
        </Link>
      </div>
      <button type="button" className="btn-danger w-full" disabled={busy} onClick={() => void logOut()}>
        {t('account.logOut')}
      </button>

      {open === 'everywhere' && (
        <ShellDialog
          title={t('account.sessions.confirmTitle')}
          submitLabel={t('account.sessions.everywhere')}
          busy={busy}
          failure={failure}
          onClose={close}
          onSubmit={() => void act('everywhere')}
        >
          <p>{t('account.sessions.confirmBody')}</p>
        </ShellDialog>
      )}
      {open === 'pause' && (
        <ShellDialog
          title={t('account.pause.confirmTitle')}
          submitLabel={t('account.pause.confirm')}
          busy={busy}
          danger
          failure={failure}
          onClose={close}
          onSubmit={() => void act('pause')}
        >
          <ul className="list-disc space-y-1 pl-5">
            <li>{t('account.pause.effects.signedOut')}</li>
            <li>{t('account.pause.effects.businesses')}</li>
            <li>{t('account.pause.effects.services')}</li>
            <li>{t('account.pause.effects.messages')}</li>
            <li>{t('account.pause.effects.comeBack')}</li>
          </ul>
          <div>
            <label htmlFor="pause-reason" className="field-label">
              {t('account.pause.reason')}
            </label>
            <textarea
              id="pause-reason"
              className="field min-h-24 py-2"
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
        </ShellDialog>
      )}
    </div>
  );
}
