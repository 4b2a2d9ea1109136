import { Crosshair, ExternalLink, LoaderCircle, MapPinOff } from 'lucide-react';
import { useState } from 'react';
import { useController, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError, TextField } from '../../../../components/config/editor';
import type { ProfileForm } from '../profile-form';

/** ui.md §9.2: 6 decimals at most (about 10 cm), more would only pretend to be precise. */
const sixDecimals = (value: number) => String(Math.round(value * 1e6) / 1e6);

type Locating = 'idle' | 'busy' | 'denied' | 'failed';

/**
 * UI-PROF-03 location: street, landmark, town, postal code and the shop's position for directions —
 * from the phone ("Use my current location", high accuracy, shown with its ± metres), typed under
 * "Advanced", checked on a map or removed. The wizard leaves out the postal code and the advanced part.
 */
export function LocationFields(props: { control: Control<ProfileForm>; full: boolean; disabled?: boolean }) {
  const { t } = useTranslation('config');
  const lat = useController({ control: props.control, name: 'location.lat' });
  const lng = useController({ control: props.control, name: 'location.lng' });
  const [accuracy, setAccuracy] = useState<number | null>(null);
  const [locating, setLocating] = useState<Locating>('idle');
  const [advanced, setAdvanced] = useState(false);
  const hasGeo = lat.field.value.trim() !== '' && lng.field.value.trim() !== '';
  const geoError = lat.fieldState.error ?? lng.fieldState.error;
  // Typed coordinates that are wrong open "Advanced", so the bad field can take focus.
  const showAdvanced = props.full && (advanced || Boolean(geoError));

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        lat.field.onChange(sixDecimals(position.coords.latitude));
        lng.field.onChange(sixDecimals(position.coords.longitude));
        setAccuracy(Math.round(position.coords.accuracy));
        setLocating('idle');
      },
      (error) => setLocating(error.code === error.PERMISSION_DENIED ? 'denied' : 'failed'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    );
  };

  return (
    <div className="space-y-4">
      <TextField
        control={props.control}
        name="location.city"
        label={t('business.fields.town')}
        hint={t('business.fields.townHint')}
        max={60}
        required
        disabled={props.disabled}
      />
      <TextField
        control={props.control}
        name="location.street_address1"
        label={t('business.fields.street')}
        max={100}
        disabled={props.disabled}
      />
      <TextField
        control={props.control}
        name="location.street_address2"
        label={t('business.fields.landmark')}
        hint={t('business.fields.landmarkHint')}
        max={100}
        disabled={props.disabled}
      />
      {props.full && (
        <TextField
          control={props.control}
          name="location.postal_code"
          label={t('business.fields.postalCode')}
          inputMode="numeric"
          disabled={props.disabled}
        />
      )}
      <div id="location-gps" className="rounded-xl bg-grey-50 p-3">
        <p className="field-label">{t('business.fields.gps')}</p>
        <p className="mb-2 text-small text-grey-600">{t('business.fields.gpsHint')}</p>
        {hasGeo && (
          <p className="mb-2 font-semibold" data-testid="gps-value">
            {t('business.fields.gpsValue', { lat: lat.field.value, lng: lng.field.value })}
            {accuracy !== null && ` ${t('business.fields.gpsAccuracy', { metres: accuracy })}`}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn-secondary"
            onClick={locate}
            disabled={props.disabled || locating === 'busy'}
            aria-busy={locating === 'busy'}
          >
            {locating === 'busy' ? (
              <LoaderCircle size={18} aria-hidden="true" className="animate-spin" />
            ) : (
              <Crosshair size={18} aria-hidden="true" />
            )}
            {t('business.fields.useLocation')}
          </button>
          {hasGeo && (
            <>
              <a
                className="btn-ghost"
                href={`https://www.google.com/maps/search/?api=1&query=${lat.field.value},${lng.field.value}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('business.fields.checkMap')}
                <ExternalLink size={16} aria-hidden="true" />
              </a>
              <button
                type="button"
                className="btn-ghost"
                disabled={props.disabled}
                onClick={() => {
                  lat.field.onChange('');
                  lng.field.onChange('');
                  setAccuracy(null);
                }}
              >
                <MapPinOff size={18} aria-hidden="true" />
                {t('business.fields.removeLocation')}
              </button>
            </>
          )}
        </div>
        {locating === 'denied' && (
          <p role="alert" className="mt-2 text-small text-error-700">
            {t('business.fields.locationDenied')}
          </p>
        )}
        {locating === 'failed' && (
          <p role="alert" className="mt-2 text-small text-error-700">
            {t('business.fields.locationFailed')}
          </p>
        )}
        {!showAdvanced && <FieldError id="location-geo-error" error={geoError?.message} />}
        {props.full && (
          <div className="mt-2">
            <button
              type="button"
              className="inline-flex min-h-11 items-center text-small font-semibold text-brand-700"
              aria-expanded={showAdvanced}
              onClick={() => setAdvanced((open) => !open)}
            >
              {t('business.fields.advanced')}
            </button>
            {showAdvanced && (
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField
                  control={props.control}
                  name="location.lat"
                  label={t('business.fields.latitude')}
                  inputMode="decimal"
                  placeholder="-1.517700"
                  disabled={props.disabled}
                />
                <TextField
                  control={props.control}
                  name="location.lng"
                  label={t('business.fields.longitude')}
                  inputMode="decimal"
                  placeholder="37.263400"
                  disabled={props.disabled}
                />
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
