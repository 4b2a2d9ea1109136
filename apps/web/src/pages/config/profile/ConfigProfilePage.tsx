import { Eye, EyeOff, History } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  contentResolver,
  DraftPrompt,
  focusFirstInvalid,
  SaveBar,
  serverFieldErrors,
  TextField,
  useContentSave,
  useDraft,
  useUnsavedGuard,
} from '../../../components/config/editor';
import { useMyBusinesses } from '../../../components/config/my-businesses';
import { isActive, nairobiToday } from '../../../components/config/service-status';
import { StatusChip } from '../../../components/config/StatusChip';
import { APP_LANGUAGES, LANGUAGE_INFO, type AppLanguage } from '../../../i18n/language';
import { formatDate } from '../../../lib/dates';
import { useMe } from '../../../lib/session';
import { useCurrentBusiness } from '../business-context';
import { CategoryPicker, RegionPicker } from './fields/CategoryPicker';
import { ContactFields } from './fields/ContactFields';
import { HoursEditor } from './fields/HoursEditor';
import { LocationFields } from './fields/LocationFields';
import { MpesaFields } from './fields/MpesaFields';
import { ProfilePhotos } from './ProfilePhotos';
import { ProfilePreview } from './ProfilePreview';
import { ProfileTexts } from './ProfileTexts';
import {
  changedPatch,
  formProblems,
  fromContent,
  toDocument,
  toFormPath,
  type ProfileForm,
} from './profile-form';
import { useHashTarget } from './use-hash-target';

const FORM_ID = 'profile-form';

function Section(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`} className="card scroll-mt-20 space-y-4 p-4">
      <h2 id={`${props.id}-title`} className="text-h2 font-bold">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/**
 * `/config/business/:id/profile` (UI-PROF-01–05, §10.6, §10.17): the whole listing in one form —
 * per-language texts in tabs, the shared facts below — with a live preview, local drafts, errors on
 * blur and on save, and one Save that sends a partial document with `base_version`. Any business role
 * may edit a pending or active business; a suspended one is shown read-only (UI-DASH-09).
 */
export default function ConfigProfilePage() {
  const { t, i18n } = useTranslation('config');
  const { business, readOnly, can } = useCurrentBusiness();
  const me = useMe();
  const hosted = isActive(business.subscriptions, 'website_hosting', nairobiToday());
  const disabled = readOnly || !can('profile.edit');
  const listed = useMyBusinesses().data?.items.find((entry) => entry.business_id === business.business_id);
  const [language, setLanguage] = useState<AppLanguage>('en');
  const [previewOpen, setPreviewOpen] = useState(false);
  const [note, setNote] = useState('');
  const [baseVersion, setBaseVersion] = useState(business.content_version);
  const base = business.content_json as unknown as Record<string, unknown>;
  const resolver = useMemo(
    () =>
      contentResolver<ProfileForm>(
        (values) => toDocument(values, base, { hosted }),
        toFormPath,
        formProblems,
      ),
    [base, hosted],
  );
  const form = useForm<ProfileForm>({
    defaultValues: fromContent(business.content_json),
    resolver,
    mode: 'onTouched',
    shouldFocusError: false,
  });
  const dirty = form.formState.isDirty;
  const userId = me.data?.user_id;
  const draft = useDraft<ProfileForm>({
    address: userId ? { userId, businessId: business.business_id, screen: 'profile' } : null,
    dirty,
    getValues: () => form.getValues(),
    baseVersion,
  });
  const saver = useContentSave(business.business_id, {
    onSaved: ({ business: saved, contentVersion }) => {
      form.reset(fromContent(saved.content_json));
      setBaseVersion(contentVersion);
      setNote('');
      draft.clear();
    },
    onFieldErrors: (details) => {
      for (const { path, message } of serverFieldErrors(details, toFormPath)) {
        form.setError(path as FieldPath<ProfileForm>, { message });
      }
      showFirstProblem();
    },
  });
  const guard = useUnsavedGuard(dirty);
  useHashTarget(setLanguage);

  /** UI-PROF-04: the first invalid field gets focus, in whichever language tab it is. */
  function showFirstProblem() {
    const texts = form.formState.errors.texts;
    const firstInTabs = APP_LANGUAGES.find((candidate) => texts?.[candidate]);
    const hasShared = Object.keys(form.formState.errors).some((key) => key !== 'texts');
    if (firstInTabs && !hasShared) setLanguage(firstInTabs);
    focusFirstInvalid();
  }

  const submit = form.handleSubmit(
    (values) =>
      saver.save({
        baseVersion,
        content: changedPatch(form.formState.defaultValues as ProfileForm, values, { hosted }),
        changeNote: note || undefined,
      }),
    () => showFirstProblem(),
  );

  const language_ = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="py-4">
      <header className="mb-4 space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-h1 font-bold break-words">{business.business_name}</h1>
          <StatusChip status={business.status} reviewState={business.review_state} />
        </div>
        <p className="text-grey-600" data-testid="profile-version">
          {t('business.profile.version', {
            version: business.content_version,
            date: formatDate(business.content_updated_at, language_),
          })}
          {can('history.view') && (
            <>
              {' · '}
              <Link
                to={`/config/business/${business.business_id}/history`}
                className="link inline-flex items-center gap-1"
              >
                <History size={16} aria-hidden="true" />
                {t('business.profile.viewHistory')}
              </Link>
            </>
          )}
        </p>
        {disabled && (
          <p role="note" className="rounded-xl bg-grey-50 p-3 text-grey-600">
            {t('business.profile.readOnly')}
          </p>
        )}
      </header>
      <DraftPrompt
        draft={draft}
        onKeep={(kept) => {
          form.reset(kept.values, { keepDefaultValues: true });
          // Typed against an older version: saving it must still notice a newer one (UI-SAVE-04).
          if (kept.baseVersion) setBaseVersion(kept.baseVersion);
        }}
      />
      <button
        type="button"
        className="btn-secondary mb-4 w-full lg:hidden"
        aria-expanded={previewOpen}
        aria-controls="profile-preview"
        onClick={() => setPreviewOpen((open) => !open)}
      >
        {previewOpen ? <EyeOff size={18} aria-hidden="true" /> : <Eye size={18} aria-hidden="true" />}
        {previewOpen ? t('business.profile.hidePreview') : t('business.profile.showPreview')}
      </button>
      <div className="lg:grid lg:grid-cols-[minmax(0,1fr)_20rem] lg:gap-6">
        <aside
          id="profile-preview"
          aria-label={t('business.profile.preview')}
          className={`${previewOpen ? 'mb-4 block' : 'hidden'} lg:order-2 lg:block`}
        >
          <div className="lg:sticky lg:top-20">
            <ProfilePreview
              control={form.control}
              language={language}
              businessId={business.business_id}
              businessTag={business.business_tag}
              logoUrl={listed?.logo_url ?? null}
            />
          </div>
        </aside>
        <form id={FORM_ID} noValidate onSubmit={(event) => void submit(event)} className="min-w-0 lg:order-1">
          <fieldset disabled={disabled} className="min-w-0 space-y-4">
            <Section id="name" title={t('business.profile.about')}>
              <TextField
                control={form.control}
                name="business_name"
                label={t('business.fields.name')}
                hint={t('business.profile.nameHint')}
                max={80}
                required
              />
              <label className="block">
                <span className="field-label">{t('business.profile.mainLanguage')}</span>
                <select className="field" {...form.register('default_language')}>
                  {APP_LANGUAGES.map((code) => (
                    <option key={code} value={code} lang={code}>
                      {LANGUAGE_INFO[code].name}
                    </option>
                  ))}
                </select>
              </label>
              <ProfilePhotos businessId={business.business_id} />
            </Section>
            <Section id="languages" title={t('business.profile.texts')}>
              <ProfileTexts form={form} language={language} onLanguage={setLanguage} disabled={disabled} />
            </Section>
            <Section id="categories" title={t('business.profile.categoriesTitle')}>
              <CategoryPicker control={form.control} disabled={disabled} />
              <RegionPicker control={form.control} disabled={disabled} />
            </Section>
            <Section id="contact" title={t('business.profile.contact')}>
              <ContactFields control={form.control} full hosted={hosted} disabled={disabled} />
            </Section>
            <Section id="location" title={t('business.profile.location')}>
              <LocationFields control={form.control} full disabled={disabled} />
            </Section>
            <Section id="hours" title={t('business.profile.hours')}>
              <HoursEditor form={form} disabled={disabled} />
            </Section>
            <Section id="mpesa" title={t('business.profile.mpesa')}>
              <MpesaFields control={form.control} disabled={disabled} />
            </Section>
          </fieldset>
          <SaveBar
            formId={FORM_ID}
            dirty={dirty}
            saving={saver.saving}
            hidden={disabled}
            error={saver.error}
            note={note}
            onNoteChange={setNote}
            onDiscard={() => {
              form.reset();
              setBaseVersion(business.content_version);
              setNote('');
              draft.clear();
            }}
          />
        </form>
      </div>
      {saver.ui}
      {guard}
    </div>
  );
}
