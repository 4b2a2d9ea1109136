import { Tab, TabGroup, TabList, TabPanel, TabPanels } from '@headlessui/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { APP_LANGUAGES, LANGUAGE_INFO, type AppLanguage } from '../../../i18n/language';
import type { Completion } from './language-completion';

const DOT: Record<Completion, string> = {
  full: 'bg-success-700 border-success-700',
  partial: 'bg-[linear-gradient(90deg,var(--color-warning-800)_50%,white_50%)] border-warning-800',
  empty: 'bg-white border-grey-500',
};

/**
 * UI-LANG-01–06: one tab per enabled language, named in that language, with a completion dot; the
 * panels share the same fields. Every panel stays mounted (hidden) so input typed in one language
 * survives a switch to another (UI-LANG-04), and each panel carries `lang` for screen readers and
 * spell-checkers (UI-LANG-06). Keyboard and roles follow the WAI-ARIA tabs pattern (Headless UI).
 */
export function LanguageTabs(props: {
  value: AppLanguage;
  onChange: (language: AppLanguage) => void;
  completion: Record<AppLanguage, Completion>;
  /** Accessible name of the tab list, e.g. "Text in each language". */
  label: string;
  children: (language: AppLanguage) => ReactNode;
  languages?: readonly AppLanguage[];
}) {
  const { t, i18n } = useTranslation('config');
  const languages = props.languages ?? APP_LANGUAGES;
  const index = Math.max(0, languages.indexOf(props.value));
  return (
    <TabGroup selectedIndex={index} onChange={(next) => props.onChange(languages[next] ?? 'en')}>
      <TabList
        aria-label={props.label}
        className="-mx-1 flex gap-1 overflow-x-auto border-b border-grey-200 px-1"
      >
        {languages.map((language) => (
          <Tab
            key={language}
            lang={language}
            data-testid={`language-tab-${language}`}
            className="relative -mb-px inline-flex min-h-11 shrink-0 items-center gap-2 border-b-3 border-transparent px-3 font-semibold text-grey-600 data-selected:border-brand-700 data-selected:text-ink"
          >
            {LANGUAGE_INFO[language].name}
            <span
              aria-hidden="true"
              className={`inline-block size-2.5 rounded-full border ${DOT[props.completion[language]]}`}
            />
            <span className="sr-only" lang={i18n.resolvedLanguage}>
              {t(`business.editor.completion.${props.completion[language]}`)}
            </span>
          </Tab>
        ))}
      </TabList>
      <TabPanels className="pt-4">
        {languages.map((language) => (
          <TabPanel key={language} unmount={false} lang={language} className="space-y-4">
            {props.children(language)}
          </TabPanel>
        ))}
      </TabPanels>
    </TabGroup>
  );
}
