import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/States';
import { Loading } from '../../../components/Loading';
import { useAccount, useAccountSaved } from './account-api';
import { AccountDetails, AccountLanguage } from './AccountDetails';
import { AccountMessages } from './AccountMessages';
import { AccountPassword } from './AccountPassword';
import { AccountPhoto } from './AccountPhoto';
import { AccountSessions } from './AccountSessions';

function Section(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id} className="card space-y-4 p-4">
      <h2 id={props.id} className="text-h2 font-bold">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** My account (ui.md §10.15, UI-ACC-01..05). */
export default function ConfigAccountPage() {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const account = useAccount();
  const saved = useAccountSaved();
  const title = t('account.title');

  if (account.isPending) return <Loading />;
  if (!account.data) {
    return (
      <div className="page max-w-240 py-6">
        <ErrorState error={account.error} onRetry={() => void account.refetch()} />
      </div>
    );
  }
  const profile = account.data;
  return (
    <div className="page max-w-240 space-y-4 py-6">
      <title>{tDefault('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      <Section id="account-details" title={t('account.details.title')}>
        <AccountPhoto profile={profile} onSaved={saved} />
        <AccountDetails key={profile.user_id} profile={profile} onSaved={saved} />
        <AccountLanguage profile={profile} onSaved={saved} />
      </Section>
      <Section id="account-messages" title={t('account.messages.title')}>
        <AccountMessages profile={profile} onSaved={saved} />
      </Section>
      <Section
        id="account-password"
        title={profile.has_password ? t('account.password.changeTitle') : t('account.password.setTitle')}
      >
        <AccountPassword profile={profile} />
      </Section>
      <Section id="account-sessions" title={t('account.sessions.title')}>
        <AccountSessions userId={profile.user_id} />
      </Section>
    </div>
  );
}
