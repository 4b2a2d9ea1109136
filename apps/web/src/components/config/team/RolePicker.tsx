import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessRole } from '../../../lib/config/types';

/** Radio list of roles with one line on what each may do, so nobody hands out Owner by accident. */
export function RolePicker(props: {
  roles: readonly BusinessRole[];
  value: BusinessRole;
  onChange: (role: BusinessRole) => void;
}) {
  const { t } = useTranslation('config');
  const name = useId();
  return (
    <fieldset>
      <legend className="field-label">{t('team.role.label')}</legend>
      <div className="space-y-2">
        {props.roles.map((role) => (
          <label
            key={role}
            className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl border border-grey-200 p-3 has-checked:border-brand-700 has-checked:bg-brand-50"
          >
            <input
              type="radio"
              name={name}
              value={role}
              checked={props.value === role}
              onChange={() => props.onChange(role)}
              className="mt-1 size-5 accent-brand-700"
            />
            <span>
              <span className="block font-semibold">{t(`team.role.${role}`)}</span>
              <span className="block text-small text-grey-600">{t(`team.role.${role}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
