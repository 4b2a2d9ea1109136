import { Eye } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useForm, useWatch, type FieldErrors, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { APP_LANGUAGES, type AppLanguage } from '../../../i18n/language';
import type { BusinessPrivate } from '../../../lib/config/types';
import { useMe } from '../../../lib/session';
import {
  DraftPrompt,
  LanguageTabs,
  SaveBar,
  contentResolver,
  focusFirstInvalid,
  languageCompletion,
  serverFieldErrors,
  useContentSave,
  useDraft,
  useUnsavedGuard,
} from '../editor';
import { photosBySlug, useBusinessPhotos } from '../history/business-photos';
import { LanguageFields } from './LanguageFields';
import { SharedSettings } from './SharedSettings';
import {
  COMPLETION_FIELDS,
  fromContent,
  galleryOf,
  toDocument,
  toFormPath,
  toPatch,
  withEnglish,
  type WebsiteForm,
} from './website-form';

const FORM_ID = 'website-editor';

/** The first language tab holding an error: hidden panels cannot take focus (editor/focus.ts). */
function firstLanguageWithError(errors: FieldErrors<WebsiteForm>): AppLanguage | null {
  return APP_LANGUAGES.find((language) => errors.texts?.[language]) ?? null;
}

/**
 * UI-WED-03..06: the hosted business's website texts per language and its shared settings, saved with
 * the editor kit (drafts, unsaved guard, conflicts, re-login). Saving is publishing (UI-WEB-05): the
 * site shows the saved content on its next load.
 */
export function WebsiteEditor(props: {
  business: BusinessPrivate;
  readOnly: boolean;
  canBuy: boolean;
  previewUrl: (language: AppLanguage) => string;
}) {
  const { t } = useTranslation('config');
  const { business } = props;
  const me = useMe().data;
  // The latest saved document: after a save the business query holds it, and React Hook Form takes
  // the resolver from each render's options, so validation merges into what is stored now.
  const content = business.content_json;
  const gallery = galleryOf(content);
  const resolver = useMemo(
    () =>
      contentResolver((values: WebsiteForm) => toDocument(values, content), toFormPath(galleryOf(content))),
    [content],
  );
  const form = useForm<WebsiteForm>({
    defaultValues: fromContent(content),
    resolver,
    mode: 'onTouched',
    shouldFocusError: false,
  });
  const [baseVersion, setBaseVersion] = useState(business.content_version);
  const [language, setLanguage] = useState<AppLanguage>('en');
  const [note, setNote] = useState('');
  // "Save and preview" (UI-WED-06): set by the submit button that sent the form, read once saved.
  const previewAfterSave = useRef(false);
  const [openPreview, setOpenPreview] = useState<AppLanguage | null>(null);
  const dirty = form.formState.isDirty;

  const draft = useDraft<WebsiteForm>({
    address: me ? { userId: me.user_id, businessId: business.business_id, screen: 'website' } : null,
    dirty,
    getValues: form.getValues,
    baseVersion,
  });
  const saver = useContentSave(business.business_id, {
    onSaved: ({ business: next, contentVersion }) => {
      form.reset(fromContent(next.content_json));
      setBaseVersion(contentVersion);
      setNote('');
      draft.clear();
      if (previewAfterSave.current) setOpenPreview(language);
      previewAfterSave.current = false;
    },
    onFieldErrors: (details) => {
      for (const { path, message } of serverFieldErrors(details, toFormPath(galleryOf(content)))) {
        form.setError(path as Path<WebsiteForm>, { message });
      }
      const paths = serverFieldErrors(details, toFormPath(galleryOf(content))).map((error) => error.path);
      const first = /^texts\.(\w+)\./.exec(paths[0] ?? '')?.[1] as AppLanguage | undefined;
      if (first) setLanguage(first);
      previewAfterSave.current = false;
      focusFirstInvalid();
    },
  });
  // The preview is a server page: go there only once the reset form has rendered clean, so the unsaved
  // guard has nothing to ask about.
  useEffect(() => {
    if (openPreview !== null && !form.formState.isDirty)
      window.location.assign(props.previewUrl(openPreview));
  }, [openPreview, form.formState.isDirty, props]);
  useEffect(() => {
    if (saver.error) previewAfterSave.current = false;
  }, [saver.error]);
  const guard = useUnsavedGuard(dirty && !saver.saving);
  const photos = useBusinessPhotos(business.business_id);
  const bySlug = photos.data ? photosBySlug(photos.data) : undefined;
  const galleryType = photos.data?.find((type) => type.image_type === 'gallery');
  const galleryActive = business.subscriptions.some(
    (row) => row.service_type === 'image_gallery' && row.status === 'active',
  );
  const texts = useWatch({ control: form.control, name: 'texts' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    previewAfterSave.current = submitter?.dataset.action === 'save-preview';
    void form.handleSubmit(
      (values) => saver.save({ baseVersion, content: toPatch(values, content), changeNote: note }),
      (errors) => {
        previewAfterSave.current = false;
        const first = firstLanguageWithError(errors);
        if (first) setLanguage(first);
        focusFirstInvalid();
      },
    )(event);
  };

  const copyEnglish = (target: AppLanguage) =>
    form.setValue(
      `texts.${target}`,
      withEnglish(form.getValues(`texts.${target}`), form.getValues('texts.en')),
      {
        shouldDirty: true,
      },
    );

  return (
    <form id={FORM_ID} noValidate onSubmit={submit} className="space-y-4">
      <DraftPrompt
        draft={draft}
        onKeep={(kept) => {
          form.reset(kept.values, { keepDefaultValues: true });
          if (kept.baseVersion) setBaseVersion(kept.baseVersion);
        }}
      />
      <p className="rounded-xl bg-brand-50 p-3 text-small">{t('website.publishNote')}</p>
      {/* The tabs' screen-reader words are absolutely positioned; without a clipping box a tab scrolled
          out of the tab list would still widen the page past 360 px. */}
      <div className="relative overflow-x-clip">
        <LanguageTabs
          value={language}
          onChange={setLanguage}
          completion={languageCompletion(
            Object.fromEntries(APP_LANGUAGES.map((code) => [code, { ...texts[code] }])),
            COMPLETION_FIELDS,
          )}
          label={t('website.languagesLabel')}
        >
          {(code) => (
            <LanguageFields
              control={form.control}
              language={code}
              content={business.content_json}
              gallery={gallery.map((slug) => ({ slug, photo: bySlug?.get(slug) }))}
              disabled={props.readOnly}
              onCopyEnglish={() => copyEnglish(code)}
            />
          )}
        </LanguageTabs>
      </div>
      <h2 className="pt-2 text-h2 font-bold">{t('website.sharedTitle')}</h2>
      <SharedSettings
        control={form.control}
        businessId={business.business_id}
        profilePhotos={
          photos.data ? (photos.data.find((type) => type.image_type === 'profile')?.images ?? []) : undefined
        }
        galleryShown={galleryType?.effective_limit ?? (galleryActive ? 50 : 5)}
        galleryUpgrade={!galleryActive}
        canBuy={props.canBuy}
        disabled={props.readOnly}
      />
      {!props.readOnly && (
        <div className="flex justify-end">
          <button
            type="submit"
            data-action="save-preview"
            className="btn-ghost"
            disabled={!dirty || saver.saving}
          >
            <Eye aria-hidden="true" className="size-5" />
            {t('website.saveAndPreview')}
          </button>
        </div>
      )}
      <SaveBar
        formId={FORM_ID}
        dirty={dirty}
        saving={saver.saving}
        error={saver.error}
        hidden={props.readOnly}
        onDiscard={() => {
          form.reset(fromContent(content));
          draft.clear();
        }}
        note={note}
        onNoteChange={setNote}
      />
      {saver.ui}
      {guard}
    </form>
  );
}
