import { Images } from 'lucide-react';
import { Controller, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SwitchField } from '../editor';
import { smallUrl, type BusinessPhoto } from '../history/business-photos';
import { SECTIONS, type WebsiteForm } from './website-form';

/**
 * UI-WED-04/05: what every language shares — which sections show, the About picture (one of the
 * profile photos), where banner and gallery order are set (Photos), and how many gallery photos the
 * website shows, with the way to 50 for the Owner.
 */
export function SharedSettings(props: {
  control: Control<WebsiteForm>;
  businessId: string;
  profilePhotos: BusinessPhoto[] | undefined;
  galleryShown: number;
  galleryUpgrade: boolean;
  canBuy: boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation('config');
  const photosLink = `/config/business/${props.businessId}/photos`;
  return (
    <div className="space-y-4">
      <fieldset className="card p-4">
        <legend className="float-left mb-2 text-h3 font-bold">{t('website.sections.title')}</legend>
        <p className="clear-left mb-2 text-small text-grey-600">{t('website.sections.hint')}</p>
        <div className="grid gap-1 sm:grid-cols-2">
          {SECTIONS.map((section) => (
            <Controller
              key={section}
              control={props.control}
              name={`sections.${section}`}
              render={({ field }) => (
                <SwitchField
                  id={`website-section-${section}`}
                  label={t(`website.sections.${section}`)}
                  checked={field.value}
                  disabled={props.disabled}
                  onChange={field.onChange}
                />
              )}
            />
          ))}
        </div>
      </fieldset>

      <fieldset className="card p-4">
        <legend className="float-left mb-2 text-h3 font-bold">{t('website.aboutImage.title')}</legend>
        <div className="clear-left">
          {props.profilePhotos === undefined ? (
            <p className="text-grey-600">{t('website.loading')}</p>
          ) : props.profilePhotos.length === 0 ? (
            <p className="text-small text-grey-600">
              {t('website.aboutImage.none')}{' '}
              <Link to={photosLink} className="link">
                {t('website.aboutImage.upload')}
              </Link>
            </p>
          ) : (
            <Controller
              control={props.control}
              name="about_image"
              render={({ field }) => (
                <div
                  role="radiogroup"
                  aria-label={t('website.aboutImage.title')}
                  className="grid grid-cols-3 gap-2"
                >
                  {props.profilePhotos!.map((photo) => {
                    const url = smallUrl(photo);
                    return (
                      <label
                        key={photo.slug}
                        className="cursor-pointer rounded-xl border-2 border-transparent p-1 has-checked:border-brand-700 has-focus-visible:outline-3 has-focus-visible:outline-brand-500"
                      >
                        <input
                          type="radio"
                          name="about_image"
                          value={photo.slug}
                          checked={field.value === photo.slug}
                          disabled={props.disabled}
                          onChange={() => field.onChange(photo.slug)}
                          className="sr-only"
                        />
                        {url ? (
                          <img
                            src={url}
                            alt=""
                            loading="lazy"
                            className="aspect-4/3 w-full rounded-lg object-cover"
                          />
                        ) : (
                          <span className="block aspect-4/3 w-full rounded-lg bg-grey-50" />
                        )}
                        <span className="mt-1 block truncate text-small">{photo.name}</span>
                      </label>
                    );
                  })}
                </div>
              )}
            />
          )}
        </div>
      </fieldset>

      <section className="card space-y-2 p-4" aria-labelledby="website-photos">
        <h3 id="website-photos" className="flex items-center gap-2 text-h3 font-bold">
          <Images aria-hidden="true" className="size-5" />
          {t('website.photos.title')}
        </h3>
        <p className="text-small text-grey-600">{t('website.photos.order')}</p>
        <p>{t('website.photos.galleryNote', { count: props.galleryShown })}</p>
        {props.galleryUpgrade && props.canBuy && (
          <Link to={`/config/business/${props.businessId}/services?add=image_gallery`} className="link">
            {t('website.photos.buyGallery')}
          </Link>
        )}
        <div>
          <Link to={photosLink} className="btn-secondary">
            {t('website.photos.open')}
          </Link>
        </div>
      </section>
    </div>
  );
}
