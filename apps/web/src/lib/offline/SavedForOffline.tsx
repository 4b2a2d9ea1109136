import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLocalPhone, telLink } from '../phone';
import { lastSearch, recentBusinesses } from './saved';

/** "21 Feb 2026, 14:05" in EAT: saved copies say how old they are (UI-PWA-11). */
function savedTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'sw' ? 'sw-KE' : 'en-GB', {
    timeZone: 'Africa/Nairobi',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: language === 'en',
  }).format(new Date(iso));
}

/**
 * What the phone kept for offline use (UI-PWA-13: "links to recently viewed cached pages"): the recently
 * opened businesses, which open from the saved copy, and the cards of the last search with their Call
 * buttons, which work without data (UI-PWA-12). Renders nothing when nothing was saved.
 */
export function SavedForOffline() {
  const { t, i18n } = useTranslation();
  // Read once per mount: storage does not change while this view is on screen.
  const [recent] = useState(recentBusinesses);
  const [search] = useState(lastSearch);
  if (recent.length === 0 && !search?.items.length) return null;
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <section aria-labelledby="saved-for-offline" className="w-full space-y-6 text-left">
      <h2 id="saved-for-offline" className="text-h2 font-bold">
        {t('offline.savedTitle')}
      </h2>
      {recent.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-h3 font-bold">{t('offline.recentTitle')}</h3>
          <ul className="divide-y divide-grey-200">
            {recent.map(({ business, saved_at }) => (
              <li key={business.business_tag} className="py-2">
                <Link
                  to={`/business/${business.business_tag}`}
                  className="link inline-flex min-h-11 items-center font-bold"
                  lang={business.name.lang}
                >
                  {business.name.text}
                </Link>
                <p className="text-small text-grey-600">
                  {business.location.city} · {t('offline.savedAt', { time: savedTime(saved_at, language) })}
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
      {search && search.items.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-h3 font-bold">{t('offline.lastSearchTitle')}</h3>
          <p className="text-small text-grey-600">
            {t('offline.savedAt', { time: savedTime(search.saved_at, language) })} ·{' '}
            <Link to={search.path} className="link">
              {t('offline.openSearch')}
            </Link>
          </p>
          <ul className="divide-y divide-grey-200">
            {search.items.map((item) => (
              <li key={item.business_id} className="flex items-center justify-between gap-3 py-2">
                <span className="min-w-0">
                  <span className="block truncate font-bold" lang={item.name_lang}>
                    {item.name}
                  </span>
                  <span className="block text-small text-grey-600">{item.city}</span>
                </span>
                <a
                  href={telLink(item.phone)}
                  className="btn-secondary min-h-11 shrink-0"
                  aria-label={t('offline.call', { name: item.name })}
                >
                  {formatLocalPhone(item.phone)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
