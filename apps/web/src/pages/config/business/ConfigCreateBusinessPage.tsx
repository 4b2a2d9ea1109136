import { useQueryClient } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, LoaderCircle } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FieldError } from '@tafuta/contracts';
import {
  contentResolver,
  DraftPrompt,
  focusFirstInvalid,
  serverFieldErrors,
  TextField,
  useDraft,
  useUnsavedGuard,
} from '../../../components/config/editor';
import { ApiError, apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { useMe } from '../../../lib/session';
import { myBusinessesKey } from '../business-context';
import { ContactFields } from '../profile/fields/ContactFields';
import { CategoryPicker, RegionPicker } from '../profile/fields/CategoryPicker';
import { HoursEditor } from '../profile/fields/HoursEditor';
import { LocationFields } from '../profile/fields/LocationFields';
import { MpesaFields } from '../profile/fields/MpesaFields';
import {
  businessPhoneInput,
  emptyForm,
  formProblems,
  NEW_DOCUMENT,
  toDocument,
  toFormPath,
  toPatch,
  type ProfileForm,
} from '../profile/profile-form';
import { MoreDetails, StepIndicator, WizardSummary } from './CreateBusinessParts';

type Step = 1 | 2 | 3;

/** The fields each step checks before moving on (UI-DASH-12). */
const STEP_FIELDS: Record<1 | 2, FieldPath<ProfileForm>[]> = {
  1: ['business_name', 'categories', 'regions'],
  2: ['contact', 'location', 'hours', 'mpesa'],
};

const stepOf = (path: string): Step =>
  STEP_FIELDS[1].some((field) => path === field || path.startsWith(`${field}.`)) ? 1 : 2;

/** EP-BIZ-01's own fields in a 400 answer, named as the content paths they become. */
const BODY_FIELDS: Record<string, string> = {
  business_name: 'profile.en.business_name',
  categories: 'categories',
  regions: 'regions',
  phone: 'contact.phone',
  city: 'location.city',
};

function asContentDetails(details: readonly FieldError[]): FieldError[] {
  return details.flatMap((detail) => {
    if (detail.field.startsWith('content.')) return [detail];
    const path = BODY_FIELDS[detail.field.split('.')[0] ?? ''];
    return path ? [{ ...detail, field: `content.${path}` }] : [];
  });
}

/**
 * UI-DASH-12–14: add a business in three short steps — about, contact and place, check and send —
 * kept as a draft on the phone until sent, validated with the shared content schema. Sending creates
 * it `pending` with the owner (`POST /api/businesses`) and opens its overview, where the pending
 * banner and checklist take over.
 */
export default function ConfigCreateBusinessPage() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>(1);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [more, setMore] = useState({ hours: false, mpesa: false });
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useForm<ProfileForm>({
    defaultValues: emptyForm(me.data?.phone ?? null),
    resolver: contentResolver((values) => toDocument(values, NEW_DOCUMENT), toFormPath, formProblems),
    mode: 'onTouched',
    shouldFocusError: false,
  });
  const dirty = form.formState.isDirty;
  const userId = me.data?.user_id;
  const draft = useDraft<ProfileForm>({
    address: userId ? { userId, businessId: 'new', screen: 'create' } : null,
    dirty,
    getValues: () => form.getValues(),
    baseVersion: null,
  });
  const guard = useUnsavedGuard(dirty && !sending);

  // Each step starts at its heading, so a screen reader and a thumb both land at the top.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
    window.scrollTo({ top: 0 });
  }, [step]);

  const showProblems = (target: Step) => {
    setStep(target);
    const errors = form.formState.errors;
    setMore((open) => ({
      hours: open.hours || Boolean(errors.hours),
      mpesa: open.mpesa || Boolean(errors.mpesa),
    }));
    focusFirstInvalid();
  };

  const next = async () => {
    if (step === 3) return;
    if (await form.trigger(STEP_FIELDS[step])) setStep((step + 1) as Step);
    else showProblems(step);
  };

  const send = form.handleSubmit(
    async (values) => {
      if (sending) return;
      setSending(true);
      setFailure(null);
      try {
        const created = await apiSend<{ business_id: string }>('POST', '/businesses', {
          business_name: values.business_name.trim(),
          categories: values.categories,
          regions: values.regions,
          phone: businessPhoneInput(values.contact.phone),
          city: values.location.city.trim(),
          default_language: values.default_language,
          content: toPatch(values),
        });
        draft.clear();
        form.reset(values);
        await queryClient.invalidateQueries({ queryKey: myBusinessesKey });
        void navigate(`/config/business/${created.business_id}`);
      } catch (error) {
        const details = error instanceof ApiError ? [...error.details] : [];
        if (error instanceof ApiError && error.code === 'INVALID_PHONE') {
          details.push({ field: 'phone', code: 'invalid_format' });
        }
        const mapped = serverFieldErrors(asContentDetails(details), toFormPath);
        for (const { path, message } of mapped) form.setError(path as FieldPath<ProfileForm>, { message });
        setFailure(errorMessage(t, error));
        setSending(false);
        if (mapped[0]) showProblems(stepOf(mapped[0].path));
      }
    },
    (errors) => {
      const first = Object.keys(errors)[0] ?? 'business_name';
      showProblems(stepOf(first));
    },
  );

  const stepTitle = [tc('business.wizard.step1'), tc('business.wizard.step2'), tc('business.wizard.step3')][
    step - 1
  ];
  return (
    <div className="py-4">
      <h1 className="text-h1 font-bold">{tc('business.wizard.title')}</h1>
      <p className="mb-4 text-grey-600">{tc('business.wizard.intro')}</p>
      <StepIndicator step={step} />
      <DraftPrompt draft={draft} onKeep={(kept) => form.reset(kept.values, { keepDefaultValues: true })} />
      <form noValidate onSubmit={(event) => void send(event)} className="space-y-5">
        <h2 ref={heading} tabIndex={-1} className="text-h2 font-bold focus:outline-none">
          {stepTitle}
        </h2>
        <div hidden={step !== 1} className="space-y-5">
          <TextField
            control={form.control}
            name="business_name"
            label={tc('business.fields.name')}
            hint={tc('business.fields.nameHint')}
            max={80}
            required
            autoComplete="organization"
          />
          <CategoryPicker control={form.control} />
          <RegionPicker control={form.control} />
        </div>
        <div hidden={step !== 2} className="space-y-5">
          <ContactFields control={form.control} full={false} />
          <LocationFields control={form.control} full={false} />
          <MoreDetails
            id="wizard-hours"
            title={tc('business.profile.hours')}
            open={more.hours}
            onToggle={() => setMore((open) => ({ ...open, hours: !open.hours }))}
          >
            <HoursEditor form={form} />
          </MoreDetails>
          <MoreDetails
            id="wizard-mpesa"
            title={tc('business.profile.mpesa')}
            open={more.mpesa}
            onToggle={() => setMore((open) => ({ ...open, mpesa: !open.mpesa }))}
          >
            <MpesaFields control={form.control} />
          </MoreDetails>
        </div>
        {step === 3 && <WizardSummary values={form.getValues()} onEdit={setStep} />}
        {failure && (
          <p role="alert" className="font-semibold text-error-700">
            {failure}
          </p>
        )}
        {/* Sticky like the editors' save bar: an error appearing on blur above must not move the
            button between the press and the release of a tap. */}
        <div className="sticky bottom-[calc(3.5rem+env(safe-area-inset-bottom))] z-20 -mx-4 flex gap-2 border-t border-grey-200 bg-white px-4 py-3 shadow-[0_-1px_3px_rgba(0,0,0,0.08)] md:bottom-0 md:-mx-6 md:px-6">
          {step > 1 && (
            <button type="button" className="btn-secondary" onClick={() => setStep((step - 1) as Step)}>
              <ChevronLeft size={18} aria-hidden="true" />
              {tc('business.wizard.back')}
            </button>
          )}
          {step < 3 ? (
            // Own keys: React must not turn this very element into the submit button while its click
            // is still being handled, or the browser would send the form on the tap that opened step 3.
            <button key="next" type="button" className="btn-primary flex-1" onClick={() => void next()}>
              {tc('business.wizard.next')}
              <ChevronRight size={18} aria-hidden="true" />
            </button>
          ) : (
            <button
              key="send"
              type="submit"
              className="btn-primary flex-1"
              disabled={sending}
              aria-busy={sending}
            >
              {sending && <LoaderCircle size={18} aria-hidden="true" className="animate-spin" />}
              {sending ? tc('business.wizard.sending') : tc('business.wizard.send')}
            </button>
          )}
        </div>
      </form>
      {guard}
    </div>
  );
}
