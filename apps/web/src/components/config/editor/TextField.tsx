import type { HTMLAttributes } from 'react';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from './FieldError';

export interface TextFieldProps<F extends FieldValues> {
  control: Control<F>;
  name: FieldPath<F>;
  label: string;
  /** Help under the label. */
  hint?: string;
  /** Shows "12/100" so owners see the limit before they hit it (ui.md §9.2). */
  max?: number;
  /** Rows of a multi-line field; single line when absent. */
  rows?: number;
  type?: 'text' | 'tel' | 'email' | 'url' | 'time';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  /**
   * UI-LANG-02: in a non-English tab, the English wording. While the field is empty it is shown as the
   * placeholder with "Visitors see the English text until you add this."
   */
  fallback?: string;
  /** Element id; defaults to the field name with dots as dashes. */
  id?: string;
}

/**
 * A labelled input bound to React Hook Form, with its error (shown after blur or a save attempt) and
 * an optional character counter. The value is always a string.
 */
export function TextField<F extends FieldValues>(props: TextFieldProps<F>) {
  const { t } = useTranslation('config');
  const { field, fieldState } = useController({ control: props.control, name: props.name });
  const id = props.id ?? props.name.replace(/\./g, '-');
  const value = typeof field.value === 'string' ? field.value : '';
  const showFallback = Boolean(props.fallback) && value.trim() === '';
  const describedBy = [
    props.hint ? `${id}-hint` : null,
    showFallback ? `${id}-fallback` : null,
    fieldState.error ? `${id}-error` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: field.name,
    value,
    ref: field.ref,
    onBlur: field.onBlur,
    disabled: props.disabled,
    required: props.required,
    placeholder: showFallback ? props.fallback : props.placeholder,
    'aria-invalid': fieldState.error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="field-label">
          {props.label}
          {props.required && <span aria-hidden="true"> *</span>}
        </label>
        {props.max !== undefined && (
          <span
            className={`text-small ${value.length > props.max ? 'font-semibold text-error-700' : 'text-grey-600'}`}
          >
            {t('business.editor.counter', { count: value.length, max: props.max })}
          </span>
        )}
      </div>
      {props.hint && (
        <p id={`${id}-hint`} className="mb-1 text-small text-grey-600">
          {props.hint}
        </p>
      )}
      {props.rows ? (
        <textarea
          {...common}
          rows={props.rows}
          onChange={(event) => field.onChange(event.target.value)}
          className="field py-2"
        />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          onChange={(event) => field.onChange(event.target.value)}
          className="field"
        />
      )}
      {showFallback && (
        <p id={`${id}-fallback`} className="mt-1 text-small text-grey-600">
          {t('business.editor.fallbackHint')}
        </p>
      )}
      <FieldError id={`${id}-error`} error={fieldState.error?.message} />
    </div>
  );
}
