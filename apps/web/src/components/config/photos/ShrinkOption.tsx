import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { estimateUploadSeconds, readConnection } from './shrink';

/** UI-MED-05: "Make it smaller before sending", ticked by default on a slow link, with the time to send. */
export function ShrinkOption(props: {
  checked: boolean;
  bytes: number;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t, i18n } = useTranslation('config');
  const { t: tc } = useTranslation();
  const id = useId();
  const seconds = estimateUploadSeconds(props.bytes, readConnection());
  const time =
    seconds === null
      ? null
      : seconds >= 90
        ? tc('errors.minutes', { count: Math.round(seconds / 60) })
        : tc('errors.seconds', { count: seconds });
  const size = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(
    props.bytes / 1_048_576,
  );
  return (
    <div className="rounded-xl bg-brand-50 p-3">
      <div className="flex min-h-11 items-center gap-3">
        <input
          id={id}
          type="checkbox"
          className="size-6 shrink-0 accent-brand-700"
          checked={props.checked}
          disabled={props.disabled}
          onChange={(event) => props.onChange(event.target.checked)}
        />
        <label htmlFor={id} className="font-semibold">
          {t('photos.editor.shrink')}
        </label>
      </div>
      <p className="text-small text-grey-600">
        {time ? t('photos.editor.estimate', { time, size }) : t('photos.editor.estimateSizeOnly', { size })}
      </p>
    </div>
  );
}
