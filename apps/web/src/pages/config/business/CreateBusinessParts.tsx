import { WEEKDAYS } from '@tafuta/contracts/weekdays';
import { Check, ChevronDown, Info, Pencil } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogueNames } from '../profile/fields/CategoryPicker';
import type { ProfileForm } from '../profile/profile-form';

/** UI-DASH-12: where the owner is among the three steps; done steps carry a check mark. */
export function StepIndicator({ step }: { step: 1 | 2 | 3 }) {
  const { t } = useTranslation('config');
  const labels = [t('business.wizard.step1'), t('business.wizard.step2'), t('business.wizard.step3')];
  return (
    <div className="mb-4">
      <p className="mb-2 text-small font-semibold text-grey-600">
        {t('business.wizard.stepOf', { step, total: 3 })}
      </p>
      <ol aria-label={t('business.wizard.steps')} className="flex gap-2" data-testid="wizard-steps">
        {labels.map((label, index) => {
          const number = index + 1;
          const state = number < step ? 'done' : number === step ? 'current' : 'todo';
          return (
            <li
              key={label}
              aria-current={state === 'current' ? 'step' : undefined}
              className="flex min-w-0 flex-1 flex-col gap-1"
            >
              <span
                aria-hidden="true"
                className={`h-1.5 rounded-full ${state === 'todo' ? 'bg-grey-200' : 'bg-brand-500'}`}
              />
              <span
                className={`flex items-center gap-1 truncate text-small ${state === 'current' ? 'font-bold' : 'text-grey-600'}`}
              >
                {state === 'done' && <Check size={14} aria-hidden="true" className="shrink-0" />}
                <span className="truncate">{label}</span>
                {state === 'done' && <span className="sr-only">{t('business.wizard.done')}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** An optional part of a step, collapsed so the step still fits one phone screen. */
export function MoreDetails(props: {
  id: string;
  title: string;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('config');
  return (
    <section className="rounded-xl border border-grey-200">
      <h3>
        <button
          type="button"
          className="flex min-h-12 w-full items-center justify-between gap-2 px-3 text-left font-semibold"
          aria-expanded={props.open}
          aria-controls={props.id}
          onClick={props.onToggle}
        >
          <span>
            {props.title} <span className="font-normal text-grey-600">{t('business.wizard.optional')}</span>
          </span>
          <ChevronDown size={20} aria-hidden="true" className={props.open ? 'rotate-180' : ''} />
        </button>
      </h3>
      <div id={props.id} hidden={!props.open} className="border-t border-grey-200 px-3 pb-3">
        {props.open && props.children}
      </div>
    </section>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="py-1.5">
      <dt className="text-small text-grey-600">{label}</dt>
      <dd className="font-semibold break-words">{value}</dd>
    </div>
  );
}

/** UI-DASH-12 step 3: what will be sent, each part with a way back to change it. */
export function WizardSummary({ values, onEdit }: { values: ProfileForm; onEdit: (step: 1 | 2) => void }) {
  const { t } = useTranslation('config');
  const names = useCatalogueNames();
  const none = t('business.wizard.notAdded');
  const daysSet = WEEKDAYS.filter((day) => {
    const row = values.hours[day];
    return row.closed || row.allDay || (row.open !== '' && row.close !== '');
  }).length;
  const whatsapp = values.contact.whatsappSame
    ? t('business.wizard.sameAsPhone')
    : values.contact.whatsapp || none;
  const mpesa = [
    values.mpesa.till_number && t('business.wizard.tillValue', { number: values.mpesa.till_number }),
    values.mpesa.paybill_number &&
      t('business.wizard.paybillValue', {
        number: values.mpesa.paybill_number,
        account: values.mpesa.paybill_account || '—',
      }),
  ].filter(Boolean);
  const section = (title: string, step: 1 | 2, rows: ReactNode) => (
    <section className="card p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-h3 font-bold">{title}</h3>
        <button
          type="button"
          className="btn-ghost"
          onClick={() => onEdit(step)}
          aria-label={t('business.wizard.editPart', { part: title })}
        >
          <Pencil size={16} aria-hidden="true" />
          {t('business.wizard.edit')}
        </button>
      </div>
      <dl>{rows}</dl>
    </section>
  );
  return (
    <div className="space-y-4" data-testid="wizard-summary">
      {section(
        t('business.wizard.step1'),
        1,
        <>
          <Row label={t('business.fields.name')} value={values.business_name} />
          <Row
            label={t('business.fields.categories')}
            value={values.categories
              .map((slug, index) =>
                index === 0
                  ? t('business.wizard.mainValue', { name: names.category(slug) })
                  : names.category(slug),
              )
              .join(', ')}
          />
          <Row label={t('business.fields.regions')} value={values.regions.map(names.region).join(', ')} />
        </>,
      )}
      {section(
        t('business.wizard.step2'),
        2,
        <>
          <Row label={t('business.fields.phone')} value={values.contact.phone} />
          <Row label={t('business.fields.whatsapp')} value={whatsapp} />
          <Row label={t('business.fields.town')} value={values.location.city} />
          <Row label={t('business.fields.street')} value={values.location.street_address1 || none} />
          <Row label={t('business.fields.landmark')} value={values.location.street_address2 || none} />
          <Row
            label={t('business.fields.gps')}
            value={
              values.location.lat
                ? t('business.fields.gpsValue', { lat: values.location.lat, lng: values.location.lng })
                : none
            }
          />
          <Row
            label={t('business.profile.hours')}
            value={daysSet > 0 ? t('business.wizard.hoursSet', { count: daysSet }) : none}
          />
          <Row label={t('business.profile.mpesa')} value={mpesa.length > 0 ? mpesa.join(' · ') : none} />
        </>,
      )}
      <p className="flex items-start gap-2 rounded-xl bg-brand-50 p-3">
        <Info size={20} aria-hidden="true" className="mt-0.5 shrink-0 text-brand-700" />
        {t('business.wizard.freeNote')}
      </p>
    </div>
  );
}
