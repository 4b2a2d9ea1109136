import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { PhotoCard, type PhotoAction } from './PhotoCard';
import {
  thumbnailSize,
  thumbnailUrl,
  type PhotosConfigType,
  type PhotoTypeView,
  type PhotoView,
} from './photo-api';

/**
 * One tab of the photo manager (MEDIA-281, UI-MED-01/06/07): the gated-service note, the upload button
 * (disabled at the limit, with the reason), and the cards in website order with their actions.
 */

export interface PanelPermissions {
  upload: boolean;
  /** Replace and Delete: Owner and business Admin (MEDIA-250). */
  manage: boolean;
}

export function PhotoTypePanel(props: {
  type: PhotosConfigType;
  view: PhotoTypeView;
  typeWord: string;
  /** `content_json.media[type]`: the slugs shown on the website, in order. */
  refs: string[];
  permissions: PanelPermissions;
  busy: boolean;
  onUpload: () => void;
  onAction: (photo: PhotoView, action: PhotoAction) => void;
}) {
  const { t } = useTranslation('config');
  const { type, view, refs, permissions } = props;
  const atLimit = view.count >= view.effective_limit;
  const card = thumbnailSize(type);
  const reorderable = type.key === 'banner' || type.key === 'gallery';

  function actionsFor(photo: PhotoView) {
    const index = refs.indexOf(photo.slug);
    const actions: { action: PhotoAction; disabled?: boolean }[] = [];
    if (permissions.upload) {
      actions.push({ action: 'edit' });
      if (reorderable && index >= 0) {
        actions.push({ action: 'moveUp', disabled: index === 0 });
        actions.push({ action: 'moveDown', disabled: index === refs.length - 1 });
      }
      // ERRATA 15: the About image is the first profile photo.
      if (type.key === 'profile' && index !== 0) actions.push({ action: 'about' });
      if (type.key === 'gallery' && index >= 0) actions.push({ action: 'caption' });
      actions.push({ action: index >= 0 ? 'hide' : 'show' });
    }
    if (permissions.manage) {
      actions.push({ action: 'replace' });
      actions.push({ action: 'delete' });
    }
    return actions;
  }

  function badgesFor(photo: PhotoView) {
    const index = refs.indexOf(photo.slug);
    if (index < 0) return [{ text: t('photos.badges.hidden'), tone: 'info' as const }];
    // UI-MED-07 / MEDIA-253: beyond the number the website shows (5 without Image Gallery).
    if (index >= view.effective_limit)
      return [{ text: t('photos.badges.notShown'), tone: 'warning' as const }];
    if (type.key === 'profile' && index === 0)
      return [{ text: t('photos.badges.about'), tone: 'success' as const }];
    return [];
  }

  return (
    <div className="space-y-4">
      {view.requires_service && view.service_active === false && (
        <p className="rounded-xl bg-warning-50 p-3 text-small text-warning-800">
          {t('photos.gatedNote', { shown: view.effective_limit, max: type.max_images, type: props.typeWord })}
        </p>
      )}
      {permissions.upload && (
        <div>
          <button type="button" className="btn-primary" disabled={atLimit} onClick={props.onUpload}>
            <Plus aria-hidden="true" size={18} />
            {t('photos.upload', { type: props.typeWord })}
          </button>
          {atLimit && (
            <p className="mt-2 text-small text-grey-600" data-testid="limit-note">
              {t('photos.limitReached', { max: view.effective_limit, type: props.typeWord })}
            </p>
          )}
        </div>
      )}
      {view.images.length === 0 ? (
        <p className="text-grey-600">{t('photos.empty', { type: props.typeWord })}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {view.images.map((photo) => (
            <PhotoCard
              key={photo.slug}
              name={photo.name}
              thumbnail={thumbnailUrl(type, photo)}
              aspect={card.width / card.height}
              badges={badgesFor(photo)}
              actions={actionsFor(photo)}
              busy={props.busy}
              onAction={(action) => props.onAction(photo, action)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
