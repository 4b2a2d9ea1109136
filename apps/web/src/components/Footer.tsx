import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_INFO } from '../i18n/language';
import { useRegions } from '../lib/queries';
import { useLanguageChoice } from './LanguageSwitcher';

// Read once at load: the year does not need to change while the page is open.
const YEAR = new Date().getFullYear();

/** UI-NAV-03: at the end of the scroll, never fixed. */
export function Footer() {
  const { t } = useTranslation();
  const regions = useRegions();
  const { enabled, current, choose } = useLanguageChoice();
  return (
    <footer className="mt-8 bg-ink text-white">
      <div className="page space-y-6 py-8">
        <section aria-labelledby="footer-language">
          <h2 id="footer-language" className="mb-2 text-small font-semibold">
            {t('language.label')}
          </h2>
          <ul className="flex flex-wrap gap-2">
            {enabled.map((code) => (
              <li key={code}>
                <button
                  type="button"
                  lang={code}
                  aria-pressed={code === current}
                  onClick={() => choose(code)}
                  className={`btn border border-white px-3 text-small ${code === current ? 'bg-white text-ink' : 'text-white hover:bg-white/10'}`}
                >
                  {LANGUAGE_INFO[code].name}
                </button>
              </li>
            ))}
          </ul>
        </section>
        {regions.data && regions.data.length > 0 && (
          <nav aria-labelledby="footer-regions">
            <h2 id="footer-regions" className="mb-2 text-small font-semibold">
              {t('footer.regions')}
            </h2>
            <ul className="flex flex-wrap gap-x-4">
              {regions.data.map((region) => (
                <li key={region.slug}>
                  <Link to={`/region/${region.slug}`} className="inline-flex min-h-11 items-center underline">
                    {region.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <nav aria-label={t('nav.menu')}>
          <ul className="flex flex-wrap gap-x-4">
            <li>
              <Link className="inline-flex min-h-11 items-center underline" to="/about">
                {t('footer.about')}
              </Link>
            </li>
            <li>
              <Link className="inline-flex min-h-11 items-center underline" to="/contact">
                {t('footer.contact')}
              </Link>
            </li>
            <li>
              <Link className="inline-flex min-h-11 items-center underline" to="/terms">
                {t('footer.terms')}
              </Link>
            </li>
            <li>
              <Link className="inline-flex min-h-11 items-center underline" to="/privacy">
                {t('footer.privacy')}
              </Link>
            </li>
          </ul>
        </nav>
        <Link
          to="/list-your-business"
          className="inline-flex min-h-11 items-center font-bold text-white underline"
        >
          {t('footer.listFree')}
        </Link>
        <p className="text-small">{t('footer.copyright', { year: YEAR })}</p>
      </div>
    </footer>
  );
}
