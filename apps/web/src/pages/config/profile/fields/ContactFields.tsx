import { useController, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError, SwitchField, TextField } from '../../../../components/config/editor';
import type { ProfileForm } from '../profile-form';

/**
 * UI-PROF-03 contact block; the wizard shows phone and WhatsApp only (UI-DASH-12). WhatsApp defaults
 * to "Same as phone"; the external website link is editable for hosted businesses only.
 */
export function ContactFields(props: {
  control: Control<ProfileForm>;
  full: boolean;
  hosted?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation('config');
  const same = useController({ control: props.control, name: 'contact.whatsappSame' });
  const whatsappError = useController({ control: props.control, name: 'contact.whatsapp' }).fieldState.error;
  const website = useWatch({ control: props.control, name: 'contact.website_url' });
  return (
    <div className="space-y-4">
      <TextField
        control={props.control}
        name="contact.phone"
        label={t('business.fields.phone')}
        hint={t('business.fields.phoneHint')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        required
        disabled={props.disabled}
      />
      {props.full && (
        <TextField
          control={props.control}
          name="contact.phone_alt"
          label={t('business.fields.phoneAlt')}
          type="tel"
          inputMode="tel"
          disabled={props.disabled}
        />
      )}
      <div id="whatsapp">
        <p className="field-label">{t('business.fields.whatsapp')}</p>
        <SwitchField
          id="contact-whatsappSame"
          label={t('business.fields.whatsappSame')}
          checked={same.field.value}
          disabled={props.disabled}
          onChange={(checked) => same.field.onChange(checked)}
        />
        {same.field.value ? (
          <FieldError id="contact-whatsapp-error" error={whatsappError?.message} />
        ) : (
          <TextField
            control={props.control}
            name="contact.whatsapp"
            label={t('business.fields.whatsappNumber')}
            type="tel"
            inputMode="tel"
            disabled={props.disabled}
          />
        )}
      </div>
      {props.full && (
        <>
          <TextField
            control={props.control}
            name="contact.email"
            label={t('business.fields.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            disabled={props.disabled}
          />
          {props.hosted ? (
            <TextField
              control={props.control}
              name="contact.website_url"
              label={t('business.fields.website')}
              type="url"
              inputMode="url"
              placeholder={t('business.fields.websitePlaceholder')}
              max={200}
              disabled={props.disabled}
            />
          ) : (
            <div>
              <p className="field-label">{t('business.fields.website')}</p>
              {website && <p className="break-all">{website}</p>}
              <p className="text-small text-grey-600">{t('business.fields.websiteHostedOnly')}</p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
