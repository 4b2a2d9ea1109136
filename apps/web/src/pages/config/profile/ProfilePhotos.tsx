import { ImageIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { smallUrl, useBusinessPhotos } from '../../../components/config/history/business-photos';

/** The first shown photo of a type, as a small picture (UI-PROF-03: "thumbnail and Change logo"). */
function Thumb(props: {
  id: string;
  url: string | undefined;
  label: string;
  linkLabel: string;
  to: string;
  wide?: boolean;
}) {
  const { t } = useTranslation('config');
  return (
    <div id={props.id} className="flex items-center gap-3">
      {props.url ? (
        <img
          src={props.url}
          alt={props.label}
          className={`shrink-0 rounded-xl bg-grey-50 object-cover ${props.wide ? 'h-12 w-36' : 'size-16'}`}
        />
      ) : (
        <span
          className={`flex shrink-0 items-center justify-center rounded-xl bg-grey-50 text-grey-600 ${props.wide ? 'h-12 w-36' : 'size-16'}`}
        >
          <ImageIcon size={24} aria-hidden="true" />
          <span className="sr-only">{t('business.profile.noPhoto')}</span>
        </span>
      )}
      <div>
        <p className="font-semibold">{props.label}</p>
        <Link to={props.to} className="link inline-flex min-h-11 items-center">
          {props.linkLabel}
        </Link>
      </div>
    </div>
  );
}

/** Logo and banner of the business, each linking to the photo manager for that type (§10.8). */
export function ProfilePhotos({ businessId }: { businessId: string }) {
  const { t } = useTranslation('config');
  const photos = useBusinessPhotos(businessId);
  const first = (type: string) => {
    const photo = photos.data?.find((list) => list.image_type === type)?.images.find((image) => image.shown);
    return photo ? smallUrl(photo) : undefined;
  };
  const base = `/config/business/${businessId}/photos`;
  return (
    <div className="flex flex-wrap gap-x-8 gap-y-3">
      <Thumb
        id="logo"
        url={first('logo')}
        label={t('business.profile.logo')}
        linkLabel={t('business.profile.changeLogo')}
        to={`${base}?type=logo`}
      />
      <Thumb
        id="banner"
        url={first('banner')}
        label={t('business.profile.banner')}
        linkLabel={t('business.profile.changeBanner')}
        to={`${base}?type=banner`}
        wide
      />
    </div>
  );
}
