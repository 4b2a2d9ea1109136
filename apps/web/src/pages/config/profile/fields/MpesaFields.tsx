import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../../components/config/editor';
import type { ProfileForm } from '../profile-form';

/** Lipa na M-Pesa numbers shown on the listing with a copy button (content schema `mpesa`). */
export function MpesaFields({ control, disabled }: { control: Control<ProfileForm>; disabled?: boolean }) {
  const { t } = useTranslation('config');
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <TextField
        control={control}
        name="mpesa.till_number"
        label={t('business.fields.till')}
        inputMode="numeric"
        disabled={disabled}
      />
      <TextField
        control={control}
        name="mpesa.paybill_number"
        label={t('business.fields.paybill')}
        inputMode="numeric"
        disabled={disabled}
      />
      <TextField
        control={control}
        name="mpesa.paybill_account"
        label={t('business.fields.paybillAccount')}
        max={20}
        disabled={disabled}
      />
    </div>
  );
}
