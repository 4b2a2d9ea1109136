import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { ApiError } from '../../lib/api';
import { useMe } from '../../lib/session';
import {
  BusinessProvider,
  myBusinessesKey,
  useBusinessId,
  useBusinessQuery,
} from '../../pages/config/business-context';
import { Loading } from '../Loading';
import { ErrorState } from '../States';
import { rememberBusiness } from './my-businesses';
import { ServiceBanners } from './ServiceBanners';
import { StatusBanner } from './StatusBanner';

/** UI-DASH-05: not a member (any more), or no such business: say so plainly, with the way home. */
function NoAccess({ forbidden }: { forbidden: boolean }) {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  return (
    <div className="space-y-4 py-6" data-testid="business-no-access">
      <title>{tRoot('meta.pageTitle', { title: t('shell.noAccess.title') })}</title>
      <h1 className="text-h1 font-bold">{t('shell.noAccess.title')}</h1>
      {/* The API answers people outside the business 404, not 403 (it hides what they may not see). */}
      <p>{tRoot('errors.FORBIDDEN')}</p>
      {!forbidden && <p className="text-grey-600">{t('shell.noAccess.notFound')}</p>}
      <Link to="/config" className="btn-primary">
        {t('shell.noAccess.home')}
      </Link>
    </div>
  );
}

/**
 * Loads the business of `/config/business/:id/*` once and shares it with every section screen, above
 * which it puts the status banner (UI-DASH-09) and the service banners (UI-DASH-11).
 */
export function BusinessFrame() {
  const id = useBusinessId();
  const query = useBusinessQuery(id);
  const me = useMe().data;
  const queryClient = useQueryClient();
  const loaded = query.data?.business_id;
  const userId = me?.user_id;
  const status = query.error instanceof ApiError ? query.error.status : null;

  useEffect(() => {
    if (loaded && userId) rememberBusiness(userId, loaded);
  }, [loaded, userId]);
  useEffect(() => {
    // A business the person no longer belongs to drops out of the switcher now, not on the next visit.
    if (status === 403 || status === 404) void queryClient.invalidateQueries({ queryKey: myBusinessesKey });
  }, [status, queryClient]);

  if (query.isPending) return <Loading />;
  if (status === 403 || status === 404) return <NoAccess forbidden={status === 403} />;
  if (!query.data) {
    return (
      <div className="py-6">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  return (
    <BusinessProvider business={query.data}>
      <div className="space-y-3 pt-4 empty:hidden">
        <StatusBanner />
        <ServiceBanners />
      </div>
      <Outlet />
    </BusinessProvider>
  );
}
