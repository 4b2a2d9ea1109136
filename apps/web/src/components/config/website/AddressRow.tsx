import { ExternalLink, Eye, Globe, Pencil } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/dates';
import { websiteAddress } from '../web-address';
import type { WebAddress } from './web-address-api';

/**
 * UI-WED-02 / UI-SUB-08: the web address with its state ("Live", or "Setting up…" until the DNS record
 * answers), Open website, Preview and — for the Owner — Change address, plus the old addresses still
 * redirecting here (UI-SUB-06). Website and preview are full page loads in a new tab, never app routes.
 */
export function AddressRow(props: {
  address: WebAddress | undefined;
  loading: boolean;
  previewUrl: string;
  canChange: boolean;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation('config');
  const current = props.address?.current ?? null;
  const site = current ? websiteAddress(current.subdomain, window.location) : null;
  const settingUp = current !== null && current.dns_status !== 'active';
  const nextChange = current?.next_change_at ?? null;
  return (
    <section aria-labelledby="web-address" className="card space-y-3 p-4">
      <h2 id="web-address" className="flex items-center gap-2 text-h3 font-bold">
        <Globe aria-hidden="true" className="size-5 text-brand-700" />
        {t('website.address.title')}
      </h2>
      {props.loading && <p className="text-grey-600">{t('website.loading')}</p>}
      {props.address && !current && <p>{t('website.address.none')}</p>}
      {current && site && (
        <div>
          <p className="font-bold break-all">
            {site.host}
            {' — '}
            <span className={settingUp ? 'text-warning-800' : 'text-success-700'}>
              {settingUp ? t('website.address.settingUp') : t('website.address.live')}
            </span>
          </p>
          {settingUp && <p className="text-small text-grey-600">{t('website.address.settingUpHint')}</p>}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {site && (
          <a href={site.url} target="_blank" rel="noopener" className="btn-primary">
            <ExternalLink aria-hidden="true" className="size-5" />
            {t('website.openWebsite')}
          </a>
        )}
        <a href={props.previewUrl} target="_blank" rel="noopener" className="btn-secondary">
          <Eye aria-hidden="true" className="size-5" />
          {t('website.preview')}
        </a>
        {props.canChange && props.address && (
          <button type="button" className="btn-ghost" onClick={props.onChange} disabled={nextChange !== null}>
            <Pencil aria-hidden="true" className="size-5" />
            {current ? t('website.address.change') : t('website.address.choose')}
          </button>
        )}
      </div>
      {props.canChange && nextChange && (
        <p className="text-small text-grey-600">
          {t('website.address.nextChange', { date: formatDate(nextChange, i18n.language) })}
        </p>
      )}
      {props.address && props.address.redirects.length > 0 && (
        <div>
          <p className="text-small font-semibold">{t('website.address.redirectsTitle')}</p>
          <ul className="text-small text-grey-600" aria-label={t('website.address.redirectsTitle')}>
            {props.address.redirects.map((redirect) => (
              <li key={redirect.subdomain}>
                {t('website.address.redirect', {
                  address: websiteAddress(redirect.subdomain, window.location).host,
                  date: formatDate(redirect.redirect_until, i18n.language),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
