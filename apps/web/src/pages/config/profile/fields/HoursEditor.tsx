import { WEEKDAYS, type Weekday } from '@tafuta/contracts/weekdays';
import { CopyCheck } from 'lucide-react';
import { useController, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { SwitchField, TextField } from '../../../../components/config/editor';
import type { DayForm, ProfileForm } from '../profile-form';

const WORKDAYS: Weekday[] = ['tuesday', 'wednesday', 'thursday', 'friday'];

function DayRow({
  form,
  day,
  disabled,
}: {
  form: UseFormReturn<ProfileForm>;
  day: Weekday;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const closed = useController({ control: form.control, name: `hours.${day}.closed` });
  const allDay = useController({ control: form.control, name: `hours.${day}.allDay` });
  return (
    <fieldset className="min-w-0 border-b border-grey-200 py-3 last:border-b-0" data-testid={`hours-${day}`}>
      <legend className="sr-only">{t(`hours.days.${day}`)}</legend>
      <div className="flex flex-wrap items-center justify-between gap-x-4">
        <p aria-hidden="true" className="font-semibold">
          {t(`hours.days.${day}`)}
        </p>
        <div className="flex flex-wrap gap-x-4">
          <SwitchField
            id={`hours-${day}-closed`}
            label={tc('business.fields.closed')}
            checked={closed.field.value}
            disabled={disabled}
            onChange={(checked) => closed.field.onChange(checked)}
          />
          {!closed.field.value && (
            <SwitchField
              id={`hours-${day}-allDay`}
              label={tc('business.fields.open24')}
              checked={allDay.field.value}
              disabled={disabled}
              onChange={(checked) => allDay.field.onChange(checked)}
            />
          )}
        </div>
      </div>
      {!closed.field.value && !allDay.field.value && (
        <div className="mt-2 grid grid-cols-2 gap-3">
          <TextField
            control={form.control}
            name={`hours.${day}.open`}
            label={tc('business.fields.opens')}
            type="time"
            disabled={disabled}
          />
          <TextField
            control={form.control}
            name={`hours.${day}.close`}
            label={tc('business.fields.closes')}
            type="time"
            disabled={disabled}
          />
        </div>
      )}
    </fieldset>
  );
}

/**
 * UI-PROF-03 opening hours: one row per day with a Closed switch, an "Open 24 hours" switch and the
 * two times (24-hour EAT, UI-CJ-04: a close before the open means after midnight). A day left empty
 * is "unknown" and not shown to visitors. "Copy Monday to all weekdays" fills Tuesday–Friday.
 */
export function HoursEditor({ form, disabled }: { form: UseFormReturn<ProfileForm>; disabled?: boolean }) {
  const { t } = useTranslation('config');
  const copyMonday = () => {
    const monday: DayForm = form.getValues('hours.monday');
    for (const day of WORKDAYS) {
      form.setValue(
        `hours.${day}`,
        { ...monday },
        { shouldDirty: true, shouldValidate: form.formState.isSubmitted },
      );
    }
  };
  return (
    <div>
      <p className="mb-1 text-small text-grey-600">{t('business.fields.hoursHint')}</p>
      <button type="button" className="btn-ghost -ml-4" onClick={copyMonday} disabled={disabled}>
        <CopyCheck size={18} aria-hidden="true" />
        {t('business.fields.copyMonday')}
      </button>
      <div>
        {WEEKDAYS.map((day) => (
          <DayRow key={day} form={form} day={day} disabled={disabled} />
        ))}
      </div>
    </div>
  );
}
