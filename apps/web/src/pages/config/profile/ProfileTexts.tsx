import { ArrowDown, ArrowUp, ChevronDown, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useFieldArray, useWatch, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  CopyEnglishButton,
  FieldError,
  LanguageTabs,
  languageCompletion,
  TextField,
} from '../../../components/config/editor';
import type { AppLanguage } from '../../../i18n/language';
import { TEXT_FIELDS, type ProfileForm } from './profile-form';

const MAX_SERVICES = 20;

/** UI-PROF-02: the services list of one language — add, remove, move up or down, at most 20. */
function ServicesList(props: {
  form: UseFormReturn<ProfileForm>;
  language: AppLanguage;
  english: string[];
  disabled?: boolean;
}) {
  const { t } = useTranslation('config');
  const { fields, append, remove, move } = useFieldArray({
    control: props.form.control,
    name: `texts.${props.language}.services`,
  });
  const listError = props.form.getFieldState(`texts.${props.language}.services`, props.form.formState).error;
  return (
    <div id={props.language === 'en' ? 'services' : undefined}>
      <p className="field-label">{t('business.profile.services')}</p>
      <p className="mb-2 text-small text-grey-600">{t('business.profile.servicesHint')}</p>
      {fields.length === 0 && props.language !== 'en' && props.english.length > 0 && (
        <p className="mb-2 text-small text-grey-600">
          {t('business.profile.servicesFallback', { list: props.english.join(', ') })}
        </p>
      )}
      <ol className="space-y-2">
        {fields.map((field, index) => (
          <li key={field.id} className="flex items-start gap-1">
            <div className="min-w-0 flex-1">
              <TextField
                control={props.form.control}
                name={`texts.${props.language}.services.${index}.value`}
                label={t('business.profile.serviceN', { n: index + 1 })}
                max={60}
                disabled={props.disabled}
              />
            </div>
            <div className="mt-7 flex">
              <button
                type="button"
                className="btn-ghost px-2"
                disabled={props.disabled || index === 0}
                aria-label={t('business.profile.moveUp', { n: index + 1 })}
                onClick={() => move(index, index - 1)}
              >
                <ArrowUp size={18} aria-hidden="true" />
              </button>
              <button
                type="button"
                className="btn-ghost px-2"
                disabled={props.disabled || index === fields.length - 1}
                aria-label={t('business.profile.moveDown', { n: index + 1 })}
                onClick={() => move(index, index + 1)}
              >
                <ArrowDown size={18} aria-hidden="true" />
              </button>
              <button
                type="button"
                className="btn-ghost px-2"
                disabled={props.disabled}
                aria-label={t('business.profile.removeService', { n: index + 1 })}
                onClick={() => remove(index)}
              >
                <Trash2 size={18} aria-hidden="true" />
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn-secondary mt-2"
        disabled={props.disabled || fields.length >= MAX_SERVICES}
        onClick={() => append({ value: '' }, { shouldFocus: true })}
      >
        <Plus size={18} aria-hidden="true" />
        {t('business.profile.addService')}
      </button>
      <FieldError
        id={`texts-${props.language}-services-error`}
        error={listError?.message ?? listError?.root?.message}
      />
    </div>
  );
}

/** "Different name in this language" (UI-PROF-02), collapsed unless one is set. */
function OtherName(props: { form: UseFormReturn<ProfileForm>; language: AppLanguage; disabled?: boolean }) {
  const { t } = useTranslation('config');
  const value = useWatch({ control: props.form.control, name: `texts.${props.language}.business_name` });
  const [open, setOpen] = useState(value.trim() !== '');
  return (
    <div>
      <button
        type="button"
        className="inline-flex min-h-11 items-center gap-1 font-semibold text-brand-700"
        aria-expanded={open || value.trim() !== ''}
        onClick={() => setOpen((shown) => !shown)}
      >
        {t('business.profile.otherName')}
        <ChevronDown size={16} aria-hidden="true" className={open ? 'rotate-180' : ''} />
      </button>
      {(open || value.trim() !== '') && (
        <TextField
          control={props.form.control}
          name={`texts.${props.language}.business_name`}
          label={t('business.profile.otherNameLabel')}
          max={80}
          disabled={props.disabled}
        />
      )}
    </div>
  );
}

/**
 * The per-language part of the profile (UI-PROF-02, §10.6): one tab per language, the same fields in
 * each, English shown as grey placeholder where a translation is missing, "Copy English text" to start
 * from it. One Save stores every language (UI-LANG-04).
 */
export function ProfileTexts(props: {
  form: UseFormReturn<ProfileForm>;
  language: AppLanguage;
  onLanguage: (language: AppLanguage) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('config');
  const { form } = props;
  const texts = useWatch({ control: form.control, name: 'texts' });
  const english = texts.en;
  const completion = languageCompletion(texts, TEXT_FIELDS);

  const copyEnglish = (language: AppLanguage) => {
    const options = { shouldDirty: true } as const;
    for (const field of ['tagline', 'description', 'directions_note', 'hours_note'] as const) {
      if (texts[language][field].trim() === '' && english[field].trim() !== '') {
        form.setValue(`texts.${language}.${field}`, english[field], options);
      }
    }
    if (texts[language].services.length === 0 && english.services.length > 0) {
      form.setValue(
        `texts.${language}.services`,
        english.services.map((item) => ({ value: item.value })),
        options,
      );
    }
  };

  return (
    <LanguageTabs
      value={props.language}
      onChange={props.onLanguage}
      completion={completion}
      label={t('business.profile.languagesLabel')}
    >
      {(language) => {
        const other = language !== 'en';
        const fallback = (value: string) => (other && value.trim() !== '' ? value : undefined);
        return (
          <>
            {other && <CopyEnglishButton onCopy={() => copyEnglish(language)} disabled={props.disabled} />}
            <div id={other ? undefined : 'tagline'}>
              <TextField
                control={form.control}
                name={`texts.${language}.tagline`}
                label={t('business.profile.tagline')}
                hint={t('business.profile.taglineHint')}
                max={100}
                fallback={fallback(english.tagline)}
                disabled={props.disabled}
              />
            </div>
            <div id={other ? undefined : 'description'}>
              <TextField
                control={form.control}
                name={`texts.${language}.description`}
                label={t('business.profile.description')}
                max={1000}
                rows={5}
                fallback={fallback(english.description)}
                disabled={props.disabled}
              />
            </div>
            <ServicesList
              form={form}
              language={language}
              english={english.services.map((item) => item.value).filter(Boolean)}
              disabled={props.disabled}
            />
            <TextField
              control={form.control}
              name={`texts.${language}.directions_note`}
              label={t('business.profile.directionsNote')}
              hint={t('business.profile.directionsHint')}
              max={160}
              fallback={fallback(english.directions_note)}
              disabled={props.disabled}
            />
            <TextField
              control={form.control}
              name={`texts.${language}.hours_note`}
              label={t('business.profile.hoursNote')}
              hint={t('business.profile.hoursNoteHint')}
              max={120}
              fallback={fallback(english.hours_note)}
              disabled={props.disabled}
            />
            {other && <OtherName form={form} language={language} disabled={props.disabled} />}
          </>
        );
      }}
    </LanguageTabs>
  );
}
