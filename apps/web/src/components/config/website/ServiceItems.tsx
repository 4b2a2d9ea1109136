import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useFieldArray, useFormState, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { AppLanguage } from '../../../i18n/language';
import { FieldError, TextField } from '../editor';
import { LIMITS, type WebsiteForm } from './website-form';

/**
 * UI-WED-03: the website's service items in one language — name, description, price — added, edited,
 * removed and moved up or down, at most 30. When the list is empty the website lists the profile's
 * services instead (UI-WEB-07), which the hint says.
 */
export function ServiceItems(props: {
  control: Control<WebsiteForm>;
  language: AppLanguage;
  disabled: boolean;
  profileServices: string[];
}) {
  const { t } = useTranslation('config');
  const name = `texts.${props.language}.items` as const;
  const { fields, append, remove, move } = useFieldArray({ control: props.control, name });
  const { errors } = useFormState({ control: props.control, name });
  const listError = (errors.texts?.[props.language]?.items as { message?: string } | undefined)?.message;
  const full = fields.length >= LIMITS.items;
  return (
    <fieldset className="space-y-3">
      <legend className="field-label">{t('website.fields.items')}</legend>
      {fields.length === 0 && (
        <p className="text-small text-grey-600">
          {props.profileServices.length > 0
            ? t('website.fields.itemsEmptyProfile', { services: props.profileServices.join(', ') })
            : t('website.fields.itemsEmpty')}
        </p>
      )}
      <ol className="space-y-3">
        {fields.map((field, index) => (
          <li key={field.id} className="rounded-xl border border-grey-200 p-3">
            <p className="mb-2 text-small font-semibold text-grey-600">
              {t('website.fields.itemNumber', { number: index + 1 })}
            </p>
            <div className="space-y-3">
              <TextField
                control={props.control}
                name={`${name}.${index}.name`}
                label={t('website.fields.itemName')}
                max={LIMITS.item_name}
                required
                disabled={props.disabled}
              />
              <TextField
                control={props.control}
                name={`${name}.${index}.description`}
                label={t('website.fields.itemDescription')}
                max={LIMITS.item_description}
                rows={2}
                disabled={props.disabled}
              />
              <TextField
                control={props.control}
                name={`${name}.${index}.price`}
                label={t('website.fields.itemPrice')}
                hint={t('website.fields.itemPriceHint')}
                max={LIMITS.item_price}
                disabled={props.disabled}
              />
            </div>
            {!props.disabled && (
              <div className="mt-2 flex flex-wrap gap-1">
                <button
                  type="button"
                  className="btn-ghost"
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                  aria-label={t('website.fields.moveUp', { number: index + 1 })}
                >
                  <ArrowUp aria-hidden="true" className="size-5" />
                </button>
                <button
                  type="button"
                  className="btn-ghost"
                  disabled={index === fields.length - 1}
                  onClick={() => move(index, index + 1)}
                  aria-label={t('website.fields.moveDown', { number: index + 1 })}
                >
                  <ArrowDown aria-hidden="true" className="size-5" />
                </button>
                <button
                  type="button"
                  className="btn-ghost text-error-700"
                  onClick={() => remove(index)}
                  aria-label={t('website.fields.removeItem', { number: index + 1 })}
                >
                  <Trash2 aria-hidden="true" className="size-5" />
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <FieldError id={`items-${props.language}-error`} error={listError} />
      {!props.disabled && (
        <button
          type="button"
          className="btn-secondary"
          disabled={full}
          onClick={() => append({ name: '', description: '', price: '' })}
        >
          <Plus aria-hidden="true" className="size-5" />
          {t('website.fields.addItem')}
        </button>
      )}
      {full && (
        <p className="text-small text-grey-600">{t('website.fields.itemsFull', { max: LIMITS.items })}</p>
      )}
    </fieldset>
  );
}
