import { useTranslation } from 'react-i18next';
import type { DiffEntry } from './content-diff';
import { fieldLabel, languageName, valueText } from './field-labels';

/** Entries grouped under their language (or "every language" for shared fields), in diff order. */
function byLanguage(entries: DiffEntry[]): [string | null, DiffEntry[]][] {
  const groups = new Map<string | null, DiffEntry[]>();
  for (const entry of entries) groups.set(entry.language, [...(groups.get(entry.language) ?? []), entry]);
  return [...groups.entries()];
}

/**
 * UI-HIST-04: how a version differs from the current one, each changed field with both texts, so an
 * owner can decide whether restoring it is what they want.
 */
export function VersionDiff(props: { version: number; entries: DiffEntry[] }) {
  const { t } = useTranslation('config');
  // A switch missing on one side and on the other reads the same ("Shown"): nothing to show.
  const entries = props.entries.filter(
    (entry) => valueText(t, entry, entry.before) !== valueText(t, entry, entry.after),
  );
  if (entries.length === 0) {
    return <p className="rounded-xl bg-grey-50 p-3">{t('history.diff.none')}</p>;
  }
  return (
    <div className="space-y-4">
      {byLanguage(entries).map(([language, entries]) => (
        <section key={language ?? 'shared'} lang={language ?? undefined} className="space-y-2">
          <h3 className="font-bold">
            {language === null ? t('history.diff.shared') : languageName(language)}
          </h3>
          <ul className="space-y-2">
            {entries.map((entry) => (
              <li key={entry.path} className="rounded-xl border border-grey-200 p-3">
                <p className="font-semibold">{fieldLabel(t, entry)}</p>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-small">
                  <dt className="text-grey-600">{t('history.diff.then', { version: props.version })}</dt>
                  <dd className="break-words whitespace-pre-line">{valueText(t, entry, entry.before)}</dd>
                  <dt className="text-grey-600">{t('history.diff.now')}</dt>
                  <dd className="break-words whitespace-pre-line">{valueText(t, entry, entry.after)}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
