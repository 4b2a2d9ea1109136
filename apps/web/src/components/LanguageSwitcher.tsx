import { Check, Globe } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  APP_LANGUAGES,
  changeLanguage,
  LANGUAGE_INFO,
  isAppLanguage,
  type AppLanguage,
} from '../i18n/language';
import { apiSend } from '../lib/api';
import { usePublicSettings } from '../lib/queries';
import { useMe } from '../lib/session';

/**
 * UI-I18N-14: a list of enabled languages by their own names; choosing one switches at once, sets
 * the shared cookie and, when signed in, saves `language_preference` so SMS follow. A small
 * disclosure (not Headless UI's Menu) keeps the header — on every page — light.
 */
export function useLanguageChoice() {
  const { i18n } = useTranslation();
  const me = useMe();
  const settings = usePublicSettings();
  const enabled = (settings.data?.languages ?? APP_LANGUAGES).filter(isAppLanguage);
  const current: AppLanguage = isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const choose = (language: AppLanguage) => {
    void changeLanguage(language);
    if (me.data && me.data.language_preference !== language) {
      // Best effort: the screen has switched already; a failed save only affects future messages.
      void apiSend('PATCH', '/users/me', { language_preference: language }).catch(() => undefined);
    }
  };
  return { enabled, current, choose };
}

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { enabled, current, choose } = useLanguageChoice();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && root.current?.contains(event.target as Node)) return;
      setOpen(false);
      if (event instanceof KeyboardEvent) button.current?.focus();
    };
    document.addEventListener('keydown', close);
    document.addEventListener('click', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('click', close);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={t('language.current', {
          name: LANGUAGE_INFO[current].name,
          badge: LANGUAGE_INFO[current].badge,
        })}
        onClick={() => setOpen((value) => !value)}
        className="btn gap-1 px-2 text-small hover:bg-grey-50"
      >
        <Globe size={20} aria-hidden="true" />
        <span aria-hidden="true">{LANGUAGE_INFO[current].badge}</span>
      </button>
      {open && (
        <ul
          id={listId}
          aria-label={t('language.label')}
          className="card absolute right-0 z-20 mt-1 min-w-44 p-1"
        >
          {enabled.map((code) => (
            <li key={code}>
              <button
                type="button"
                lang={code}
                aria-current={code === current ? 'true' : undefined}
                onClick={() => {
                  choose(code);
                  setOpen(false);
                  button.current?.focus();
                }}
                className="flex min-h-11 w-full items-center justify-between gap-3 rounded-lg px-3 text-left hover:bg-brand-50"
              >
                {LANGUAGE_INFO[code].name}
                {code === current && <Check size={18} aria-hidden="true" className="text-brand-700" />}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
