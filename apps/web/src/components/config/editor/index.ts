/**
 * The owner dashboard's editor kit (ui.md §10.5–10.6, §10.17), shared by the profile, website and ad
 * editors so they save, keep drafts and handle conflicts the same way. Dashboard-only (lazy chunk).
 *
 * A typical editor (see pages/config/profile/ConfigProfilePage.tsx):
 *
 * ```tsx
 * const { business, readOnly } = useCurrentBusiness();
 * const form = useForm<MyForm>({
 *   defaultValues: fromContent(business.content_json),
 *   resolver: contentResolver(toDocument, toFormPath), // the contracts' businessContentSchema
 *   mode: 'onTouched', shouldFocusError: false,        // errors on blur and on save
 * });
 * const [baseVersion, setBaseVersion] = useState(business.content_version);
 * const draft = useDraft({ address: { userId, businessId, screen: 'website' },
 *   dirty: form.formState.isDirty, getValues: form.getValues, baseVersion });
 * const saver = useContentSave(business.business_id, {
 *   onSaved: ({ business: saved, contentVersion }) => {
 *     form.reset(fromContent(saved.content_json)); setBaseVersion(contentVersion); draft.clear();
 *   },
 *   onFieldErrors: (details) => serverFieldErrors(details, toFormPath)
 *     .forEach(({ path, message }) => form.setError(path, { message })),
 * });
 * const guard = useUnsavedGuard(form.formState.isDirty);
 * const submit = form.handleSubmit(
 *   (values) => saver.save({ baseVersion, content: toPatch(values), changeNote: note }),
 *   () => focusFirstInvalid(),
 * );
 * return <form id="my-form" onSubmit={submit} noValidate>
 *   <DraftPrompt draft={draft} onKeep={(kept) => { form.reset(kept.values, { keepDefaultValues: true });
 *     if (kept.baseVersion) setBaseVersion(kept.baseVersion); }} />
 *   <LanguageTabs value={lang} onChange={setLang} completion={languageCompletion(texts, FIELDS)}
 *     label={…}>{(language) => <TextField control={form.control} name={`texts.${language}.title`}
 *     label={…} max={60} fallback={language === 'en' ? undefined : englishTitle} />}</LanguageTabs>
 *   <SaveBar formId="my-form" dirty={form.formState.isDirty} saving={saver.saving} error={saver.error}
 *     hidden={readOnly} onDiscard={() => { form.reset(); draft.clear(); }} note={note} onNoteChange={setNote} />
 *   {saver.ui}{guard}
 * </form>;
 * ```
 *
 * Pieces:
 * - `LanguageTabs` + `languageCompletion` + `CopyEnglishButton`: UI-LANG-01–06 (tabs, dots, `lang`).
 * - `TextField`, `SwitchField`, `FieldError`: inputs bound to React Hook Form; errors are encoded
 *   problems (`tooLong:100`) turned into words by `problemText`.
 * - `contentResolver`, `serverFieldErrors`, `contentProblem`: validation with the shared schema and
 *   the server's 400 `details`, both mapped onto form fields by a content-path → form-path function.
 * - `SaveBar`: sticky Save / Cancel, change note, offline notice, progress (UI-PROF-04, UI-SAVE-05/06).
 * - `useDraft` + `DraftPrompt`: local drafts every 5 s, "Keep / Discard" on return (UI-SAVE-01).
 * - `useUnsavedGuard`: asks before leaving with unsaved changes (UI-SAVE-02).
 * - `useContentSave`: the PATCH with conflict (UI-SAVE-04) and re-login (UI-SAVE-03) dialogs and the
 *   "Saved ✓" / "Sent for review again" toast (UI-SAVE-06, UI-DASH-10).
 * - `ConfirmDialog`, `Toast`, `focusFirstInvalid`: the small parts the others are made of.
 *
 * Strings live in the `config` namespace under `business.editor.*` and `business.problems.*`.
 */
export { ConfirmDialog } from './ConfirmDialog';
export { ConflictDialog, conflictOf, type SaveConflict } from './ConflictDialog';
export {
  contentProblem,
  contentResolver,
  problemText,
  serverFieldErrors,
  type ContentPathMapper,
  type ProblemKey,
} from './content-errors';
export { CopyEnglishButton } from './CopyEnglishButton';
export { FieldError } from './FieldError';
export { focusFirstInvalid } from './focus';
export { languageCompletion, type Completion } from './language-completion';
export { LanguageTabs } from './LanguageTabs';
export { ReloginDialog } from './ReloginDialog';
export { CHANGE_NOTE_MAX, SaveBar } from './SaveBar';
export { SwitchField } from './SwitchField';
export { TextField, type TextFieldProps } from './TextField';
export { Toast } from './Toast';
export {
  useContentSave,
  type ContentSave,
  type ContentSaveRequest,
  type SavedContent,
} from './useContentSave';
export { DRAFT_INTERVAL_MS, DraftPrompt, useDraft, type DraftControl } from './useDraft';
export { useUnsavedGuard } from './useUnsavedGuard';
