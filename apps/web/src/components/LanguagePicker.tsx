import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import type { AppLanguage } from '../i18n/language';

// EN/SW are display labels only; the stored and <html lang> codes are the ISO 639 'en' and 'sw'.
// Language names are endonyms, so each reads correctly whatever the current UI language is.
const OPTIONS: readonly { code: AppLanguage; label: string; name: string }[] = [
  { code: 'en', label: 'EN', name: 'English' },
  { code: 'sw', label: 'SW', name: 'Kiswahili' },
];

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <div role="group" aria-label={t('language.label')} className="flex gap-1">
      {OPTIONS.map(({ code, label, name }) => {
        const active = i18n.resolvedLanguage === code;
        return (
          <button
            key={code}
            type="button"
            lang={code}
            aria-pressed={active}
            onClick={() => setLanguage(code)}
            className={`btn border-2 px-3 ${
              // Active: black on orange (5.7:1). Inactive: white on black (21:1).
              active
                ? 'border-brand bg-brand text-ink'
                : 'border-neutral-500 bg-ink text-white hover:border-white'
            }`}
          >
            {label}
            {/* Accessible name starts with the visible label (WCAG 2.5.3), then the full language name. */}
            <span className="sr-only"> ({name})</span>
          </button>
        );
      })}
    </div>
  );
}
