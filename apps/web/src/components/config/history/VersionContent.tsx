import { Tab, TabGroup, TabList, TabPanel, TabPanels } from '@headlessui/react';
import type { BusinessContent } from '@tafuta/contracts';
import { ImageOff } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { APP_LANGUAGES } from '../../../i18n/language';
import { flattenContent, type DiffEntry } from './content-diff';
import { smallUrl, type BusinessPhoto } from './business-photos';
import { DAYS, SECTIONS, fieldLabel, languageName, valueText } from './field-labels';

type Rows = { key: string; label: string; value: string }[];

function Fields({ rows, empty }: { rows: Rows; empty: string }) {
  if (rows.length === 0) return <p className="text-grey-600">{empty}</p>;
  return (
    <dl className="space-y-3">
      {rows.map((row) => (
        <div key={row.key}>
          <dt className="text-small font-semibold text-grey-600">{row.label}</dt>
          <dd className="break-words whitespace-pre-line">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card space-y-3 p-4">
      <h3 className="text-h3 font-bold">{title}</h3>
      {children}
    </section>
  );
}

/**
 * UI-HIST-04: a read-only rendering of one saved version: the per-language texts in language tabs
 * (each panel carries its `lang`), then the shared details and photos. A photo deleted since then
 * shows "Photo no longer available".
 */
export function VersionContent(props: {
  content: BusinessContent;
  photos: Map<string, BusinessPhoto> | undefined;
}) {
  const { t } = useTranslation('config');
  const flat = flattenContent(props.content);
  const rowsUnder = (prefix: string, group: string): Rows =>
    [...flat.entries()]
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, value]) => {
        const entry: Pick<DiffEntry, 'group' | 'field' | 'path'> = {
          path,
          group,
          field: path.slice(prefix.length),
        };
        return { key: path, label: fieldLabel(t, entry), value: valueText(t, entry, value) };
      });
  const languages = APP_LANGUAGES.filter(
    (code) => code === 'en' || props.content.profile[code] || props.content.website?.[code],
  );
  const sections = props.content.website_settings?.sections ?? {};
  const media = props.content.media ?? {};

  return (
    <div className="space-y-4">
      <TabGroup>
        <TabList
          className="flex gap-1 overflow-x-auto border-b border-grey-200"
          aria-label={t('history.languages')}
        >
          {languages.map((code) => (
            <Tab
              key={code}
              className="min-h-11 shrink-0 border-b-3 border-transparent px-3 font-semibold data-selected:border-brand-500"
            >
              {languageName(code)}
            </Tab>
          ))}
        </TabList>
        <TabPanels className="mt-4">
          {languages.map((code) => (
            <TabPanel key={code} lang={code} className="space-y-4">
              <Block title={t('history.blocks.profile')}>
                <Fields rows={rowsUnder(`profile.${code}.`, 'profile')} empty={t('history.nothingHere')} />
              </Block>
              <Block title={t('history.blocks.website')}>
                <Fields rows={rowsUnder(`website.${code}.`, 'website')} empty={t('history.nothingHere')} />
              </Block>
            </TabPanel>
          ))}
        </TabPanels>
      </TabGroup>

      <Block title={t('history.blocks.details')}>
        <Fields
          rows={[
            ...rowsUnder('default_language', 'default_language'),
            ...rowsUnder('categories', 'categories'),
            ...rowsUnder('regions', 'regions'),
            ...rowsUnder('contact.', 'contact'),
            ...rowsUnder('location.', 'location'),
            ...rowsUnder('mpesa.', 'mpesa'),
          ]}
          empty={t('history.nothingHere')}
        />
      </Block>

      <Block title={t('history.blocks.hours')}>
        <Fields
          rows={DAYS.filter((day) => flat.has(`hours.${day}`)).map((day) => ({
            key: day,
            label: t(`history.days.${day}`),
            value: valueText(t, { group: 'hours', field: day }, flat.get(`hours.${day}`)!),
          }))}
          empty={t('history.nothingHere')}
        />
      </Block>

      <Block title={t('history.blocks.sections')}>
        <ul className="grid grid-cols-2 gap-2">
          {SECTIONS.map((section) => (
            <li key={section}>
              {t(`history.sections.${section}`)}
              {': '}
              <span className="font-semibold">
                {sections[section] === false ? t('history.hidden') : t('history.shown')}
              </span>
            </li>
          ))}
        </ul>
      </Block>

      <Block title={t('history.blocks.photos')}>
        {Object.values(media).every((list) => list.length === 0) ? (
          <p className="text-grey-600">{t('history.nothingHere')}</p>
        ) : (
          Object.entries(media)
            .filter(([, list]) => list.length > 0)
            .map(([type, list]) => (
              <div key={type}>
                <p className="text-small font-semibold text-grey-600">
                  {fieldLabel(t, { group: 'media', field: type, path: `media.${type}` })}
                </p>
                <ul className="mt-1 grid grid-cols-3 gap-2">
                  {list.map((slug) => (
                    <PhotoTile
                      key={slug}
                      slug={slug}
                      photo={props.photos?.get(slug)}
                      loaded={!!props.photos}
                    />
                  ))}
                </ul>
              </div>
            ))
        )}
      </Block>
    </div>
  );
}

function PhotoTile(props: { slug: string; photo: BusinessPhoto | undefined; loaded: boolean }) {
  const { t } = useTranslation('config');
  const url = props.photo && smallUrl(props.photo);
  return (
    <li className="space-y-1">
      {url ? (
        <img
          src={url}
          alt={props.photo!.name}
          loading="lazy"
          className="aspect-4/3 w-full rounded-lg object-cover"
        />
      ) : (
        <div className="flex aspect-4/3 w-full flex-col items-center justify-center gap-1 rounded-lg bg-grey-50 p-1 text-center text-small text-grey-600">
          {props.loaded && <ImageOff aria-hidden="true" className="size-5" />}
          {props.loaded ? t('history.photoGone') : props.slug}
        </div>
      )}
      <p className="truncate text-small text-grey-600">{props.photo?.name ?? props.slug}</p>
    </li>
  );
}
