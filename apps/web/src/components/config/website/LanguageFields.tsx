import type { BusinessContent } from '@tafuta/contracts';
import type { ReactNode } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { AppLanguage } from '../../../i18n/language';
import { CopyEnglishButton, TextField } from '../editor';
import { smallUrl, type BusinessPhoto } from '../history/business-photos';
import { ServiceItems } from './ServiceItems';
import { websiteDefaults } from './website-defaults';
import { LIMITS, type LanguageTexts, type WebsiteForm } from './website-form';

type TextKey = Exclude<keyof LanguageTexts, 'items' | 'captions'>;

function Group(props: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card space-y-4 p-4">
      <legend className="float-left mb-1 text-h3 font-bold">{props.title}</legend>
      <div className="clear-left space-y-4">{props.children}</div>
    </fieldset>
  );
}

/**
 * UI-WED-03: one language's website texts. An empty field shows what visitors will see instead: in
 * another language's tab the English wording (UI-LANG-02), otherwise the template's default title or
 * the profile text it falls back to (UI-WEB-07/09).
 */
export function LanguageFields(props: {
  control: Control<WebsiteForm>;
  language: AppLanguage;
  content: BusinessContent;
  gallery: { slug: string; photo: BusinessPhoto | undefined }[];
  disabled: boolean;
  onCopyEnglish: () => void;
}) {
  const { t } = useTranslation('config');
  const { language, control } = props;
  const english = useWatch({ control, name: 'texts.en' });
  const defaults = websiteDefaults(props.content, language);
  const profileServices =
    props.content.profile[language]?.services ?? props.content.profile.en?.services ?? [];

  const field = (key: TextKey, label: string, max: number, rows?: number) => {
    const englishText = language === 'en' ? '' : (english[key] ?? '').trim();
    return (
      <TextField
        control={control}
        name={`texts.${language}.${key}`}
        id={`website-${language}-${key}`}
        label={label}
        max={max}
        rows={rows}
        disabled={props.disabled}
        fallback={englishText || undefined}
        placeholder={englishText ? undefined : defaults[key] || undefined}
      />
    );
  };

  return (
    <div className="space-y-4">
      {language !== 'en' && !props.disabled && <CopyEnglishButton onCopy={props.onCopyEnglish} />}
      <Group title={t('website.groups.hero')}>
        {field('hero_title', t('website.fields.heroTitle'), LIMITS.hero_title)}
        {field('hero_subtitle', t('website.fields.heroSubtitle'), LIMITS.hero_subtitle)}
      </Group>
      <Group title={t('website.groups.about')}>
        {field('about_title', t('website.fields.aboutTitle'), LIMITS.about_title)}
        {field('about_content', t('website.fields.aboutText'), LIMITS.about_content, 6)}
      </Group>
      <Group title={t('website.groups.services')}>
        {field('services_title', t('website.fields.servicesTitle'), LIMITS.services_title)}
        <ServiceItems
          control={control}
          language={language}
          disabled={props.disabled}
          profileServices={profileServices}
        />
      </Group>
      <Group title={t('website.groups.gallery')}>
        {field('gallery_title', t('website.fields.galleryTitle'), LIMITS.gallery_title)}
        {props.gallery.length === 0 ? (
          <p className="text-small text-grey-600">{t('website.fields.noGallery')}</p>
        ) : (
          <ul className="space-y-3" aria-label={t('website.fields.captions')}>
            {props.gallery.map(({ slug, photo }, index) => {
              const url = photo && smallUrl(photo);
              const englishCaption = language === 'en' ? '' : (english.captions[index] ?? '').trim();
              return (
                <li key={slug} className="flex items-start gap-3">
                  {url ? (
                    <img
                      src={url}
                      alt=""
                      loading="lazy"
                      className="mt-7 size-16 shrink-0 rounded-lg object-cover"
                    />
                  ) : (
                    <span aria-hidden="true" className="mt-7 size-16 shrink-0 rounded-lg bg-grey-50" />
                  )}
                  <div className="min-w-0 flex-1">
                    <TextField
                      control={control}
                      name={`texts.${language}.captions.${index}`}
                      id={`website-${language}-caption-${index}`}
                      label={t('website.fields.caption', { photo: photo?.name ?? slug })}
                      max={LIMITS.caption}
                      disabled={props.disabled}
                      fallback={englishCaption || undefined}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Group>
      <Group title={t('website.groups.contact')}>
        {field('contact_title', t('website.fields.contactTitle'), LIMITS.contact_title)}
      </Group>
    </div>
  );
}
