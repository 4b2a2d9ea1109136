import { useInfiniteQuery } from '@tanstack/react-query';
import { Bell, PartyPopper, Plus, ReceiptText, ShoppingBag, Store } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../../components/States';
import { useCurrentBusinessEntry } from '../../../components/config/my-businesses';
import { nairobiToday } from '../../../components/config/service-status';
import { apiGetPage } from '../../../lib/api';
import { can } from '../../../lib/config/roles';
import type { MyBusiness } from '../../../lib/config/types';
import { useMe } from '../../../lib/session';
import { myBusinessesKey } from '../business-context';
import { HomeBusinessCard } from './HomeBusinessCard';
import { LatestNotifications } from './LatestNotifications';
import { LoadMore, nextPageParam } from '../../../components/config/LoadMore';

const PAGE_SIZE = 20;

/** UI-AUTH-06: after registering, the first thing a person sees. */
function Welcome() {
  const { t } = useTranslation('config');
  return (
    <section className="space-y-3 rounded-2xl bg-brand-50 p-4" data-testid="welcome">
      <h1 className="text-h1 font-bold">{t('shell.welcome.title')}</h1>
      <p>{t('shell.welcome.body')}</p>
      <div className="flex flex-wrap gap-2">
        <Link to="/config/business/new" className="btn-primary flex-1">
          <PartyPopper size={20} aria-hidden="true" />
          {t('shell.welcome.listBusiness')}
        </Link>
        <Link to="/config" replace className="btn-secondary flex-1">
          {t('shell.welcome.later')}
        </Link>
      </div>
    </section>
  );
}

/** UI-DASH-08: the quick actions of the current business, per role. */
function QuickActions({ business }: { business: MyBusiness }) {
  const { t } = useTranslation('config');
  const base = `/config/business/${business.business_id}`;
  const actions = [
    can(business.role, 'services.buy') && {
      to: `${base}/services`,
      label: t('shell.home.buyServices'),
      icon: ShoppingBag,
    },
    can(business.role, 'transactions.view') && {
      to: `${base}/transactions`,
      label: t('shell.home.transactions'),
      icon: ReceiptText,
    },
    can(business.role, 'profile.edit') && {
      to: `${base}/profile`,
      label: t('shell.home.editProfile'),
      icon: Store,
    },
  ].filter((action) => action !== false);
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="quick-actions" className="space-y-2">
      <h2 id="quick-actions" className="text-h2 font-bold">
        {t('shell.home.quickActions', { name: business.business_name })}
      </h2>
      <ul className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        {actions.map((action) => (
          <li key={action.to}>
            <Link to={action.to} className="btn-secondary w-full">
              <action.icon size={20} aria-hidden="true" />
              {action.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/config` (UI-DASH-06–08): greeting, a card per business, quick actions and the latest notices. */
export default function ConfigHomePage() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const me = useMe().data;
  const [params] = useSearchParams();
  const welcome = params.get('welcome') === '1';
  const { entry: current } = useCurrentBusinessEntry();
  const list = useInfiniteQuery({
    queryKey: [...myBusinessesKey, 'pages'],
    queryFn: ({ pageParam, signal }) =>
      apiGetPage<MyBusiness>('/users/me/businesses', {
        signal,
        query: { page: pageParam, limit: PAGE_SIZE },
      }),
    initialPageParam: 1,
    getNextPageParam: nextPageParam,
  });
  const businesses = list.data?.pages.flatMap((page) => page.items) ?? [];
  const today = nairobiToday();
  const name = me ? me.nickname?.trim() || me.full_name.trim().split(/\s+/)[0] : '';
  const greeting = t('shell.home.greeting', { name });

  return (
    <div className="space-y-6 py-4">
      <title>
        {tRoot('meta.pageTitle', { title: welcome ? t('shell.welcome.title') : t('shell.home.title') })}
      </title>
      {welcome ? <Welcome /> : <h1 className="text-h1 font-bold">{greeting}</h1>}

      <section aria-labelledby="my-businesses" aria-busy={list.isFetching} className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="my-businesses" className="text-h2 font-bold">
            {t('shell.home.businesses')}
          </h2>
          {businesses.length > 0 && (
            <Link to="/config/business/new" className="btn-secondary">
              <Plus size={20} aria-hidden="true" />
              {t('shell.home.addBusiness')}
            </Link>
          )}
        </div>
        {list.isPending && <div className="skeleton h-40" />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && businesses.length === 0 && (
          <div className="space-y-3 rounded-2xl bg-brand-50 p-4" data-testid="home-empty">
            <p className="text-h3 font-bold">{t('shell.home.emptyTitle')}</p>
            <p>{t('shell.home.emptyBody')}</p>
            <Link to="/config/business/new" className="btn-primary">
              <Plus size={20} aria-hidden="true" />
              {t('shell.home.addBusiness')}
            </Link>
          </div>
        )}
        {businesses.length > 0 && (
          <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {businesses.map((business) => (
              <HomeBusinessCard key={business.business_id} business={business} today={today} />
            ))}
          </ul>
        )}
        <LoadMore list={list} label={t('shell.home.loadMore')} loadingLabel={tRoot('common.loading')} />
      </section>

      {current && <QuickActions business={current} />}

      <section aria-labelledby="latest-notifications" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="latest-notifications" className="text-h2 font-bold">
            {t('shell.home.notifications')}
          </h2>
          <Link to="/config/notifications" className="btn-ghost">
            <Bell size={20} aria-hidden="true" />
            {t('shell.home.allNotifications')}
          </Link>
        </div>
        <LatestNotifications />
      </section>
    </div>
  );
}
