import { ArrowUp, Search, X } from 'lucide-react';
import { useState } from 'react';
import { useController, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../../../components/config/editor';
import { useCategories, useRegions } from '../../../../lib/queries';
import { foldText } from '../../../../lib/text';
import type { ProfileForm } from '../profile-form';

type Named = { slug: string; name: string };

/**
 * Choosing 1–3 categories or 1–2 regions (ui.md §9.2): the chosen ones in order, the first marked as
 * the main one (it decides the card's category and landing page), each movable to the front or
 * removable; below, the full list as checkboxes, searchable for the long category list.
 */
function SlugPicker(props: {
  control: Control<ProfileForm>;
  name: 'categories' | 'regions';
  options: Named[];
  max: number;
  label: string;
  hint: string;
  searchable: boolean;
  disabled?: boolean;
  id: string;
}) {
  const { t } = useTranslation('config');
  const { field, fieldState } = useController({ control: props.control, name: props.name });
  const [query, setQuery] = useState('');
  const chosen = field.value;
  const nameOf = (slug: string) => props.options.find((option) => option.slug === slug)?.name ?? slug;
  const folded = foldText(query.trim());
  const shown = folded
    ? props.options.filter((option) => foldText(option.name).includes(folded))
    : props.options;
  // A choice counts as "touched" at once, so an error shown by Next or Save clears as soon as it is fixed.
  const set = (next: string[]) => {
    field.onChange(next);
    field.onBlur();
  };
  const errorId = `${props.id}-error`;
  return (
    <fieldset
      id={props.id}
      aria-describedby={`${props.id}-hint${fieldState.error ? ` ${errorId}` : ''}`}
      disabled={props.disabled}
      className="min-w-0"
    >
      <legend className="field-label">
        {props.label}
        <span aria-hidden="true"> *</span>
      </legend>
      <p id={`${props.id}-hint`} className="mb-2 text-small text-grey-600">
        {props.hint}
      </p>
      {chosen.length > 0 && (
        <ol className="mb-2 flex flex-wrap gap-2" aria-label={t('business.fields.chosen')}>
          {chosen.map((slug, index) => (
            <li key={slug} className="chip-selected gap-1 pr-1">
              <span>{nameOf(slug)}</span>
              {index === 0 ? (
                <span className="rounded-full bg-white px-2 text-small text-ink">
                  {t('business.fields.main')}
                </span>
              ) : (
                <button
                  type="button"
                  className="inline-flex size-9 items-center justify-center rounded-full hover:bg-grey-600"
                  aria-label={t('business.fields.makeMain', { name: nameOf(slug) })}
                  onClick={() => set([slug, ...chosen.filter((other) => other !== slug)])}
                >
                  <ArrowUp size={16} aria-hidden="true" />
                </button>
              )}
              <button
                type="button"
                className="inline-flex size-9 items-center justify-center rounded-full hover:bg-grey-600"
                aria-label={t('business.fields.remove', { name: nameOf(slug) })}
                onClick={() => set(chosen.filter((other) => other !== slug))}
              >
                <X size={16} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ol>
      )}
      {props.searchable && (
        <div className="relative mb-2">
          <Search size={18} aria-hidden="true" className="absolute top-3.5 left-3 text-grey-600" />
          <label htmlFor={`${props.id}-search`} className="sr-only">
            {t('business.fields.searchCategories')}
          </label>
          <input
            id={`${props.id}-search`}
            type="search"
            className="field pl-10"
            placeholder={t('business.fields.searchCategories')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
      )}
      <ul
        className={`divide-y divide-grey-200 rounded-xl border border-grey-200 ${props.searchable ? 'max-h-64 overflow-y-auto' : ''}`}
      >
        {shown.map((option, index) => {
          const checked = chosen.includes(option.slug);
          const full = !checked && chosen.length >= props.max;
          return (
            <li key={option.slug}>
              <label className="flex min-h-11 cursor-pointer items-center gap-3 px-3 has-disabled:cursor-not-allowed has-disabled:text-grey-600">
                <input
                  type="checkbox"
                  className="size-5 accent-brand-700"
                  checked={checked}
                  disabled={full}
                  aria-invalid={fieldState.error && index === 0 ? true : undefined}
                  ref={index === 0 ? field.ref : undefined}
                  onBlur={field.onBlur}
                  onChange={() =>
                    set(checked ? chosen.filter((slug) => slug !== option.slug) : [...chosen, option.slug])
                  }
                />
                {option.name}
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li className="px-3 py-3 text-grey-600">{t('business.fields.noMatch')}</li>}
      </ul>
      <FieldError id={errorId} error={fieldState.error?.message ?? fieldState.error?.root?.message} />
    </fieldset>
  );
}

export function CategoryPicker({ control, disabled }: { control: Control<ProfileForm>; disabled?: boolean }) {
  const { t } = useTranslation('config');
  const categories = useCategories(null);
  return (
    <SlugPicker
      control={control}
      name="categories"
      id="categories"
      options={categories.data ?? []}
      max={3}
      label={t('business.fields.categories')}
      hint={t('business.fields.categoriesHint')}
      searchable
      disabled={disabled}
    />
  );
}

export function RegionPicker({ control, disabled }: { control: Control<ProfileForm>; disabled?: boolean }) {
  const { t } = useTranslation('config');
  const regions = useRegions();
  return (
    <SlugPicker
      control={control}
      name="regions"
      id="regions"
      options={regions.data ?? []}
      max={2}
      label={t('business.fields.regions')}
      hint={t('business.fields.regionsHint')}
      searchable={false}
      disabled={disabled}
    />
  );
}

/** Category and region names for summaries and the preview card. */
export function useCatalogueNames() {
  const categories = useCategories(null);
  const regions = useRegions();
  const lookup = (list: Named[] | undefined) => (slug: string) =>
    list?.find((item) => item.slug === slug)?.name ?? slug;
  return { category: lookup(categories.data), region: lookup(regions.data) };
}
