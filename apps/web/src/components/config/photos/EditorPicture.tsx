import { ImagePlus, TriangleAlert } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { enlarges, type Transform } from '@tafuta/contracts/photos';
import type { PhotosConfigSize, PhotosConfigType } from './photo-api';
import { primarySize } from './photo-api';
import { PhotoPreview } from './PhotoPreview';
import type { FileProblem, Picture } from './use-photo-file';

/**
 * MEDIA-282 steps 2–3: the file picker (JPG, PNG, GIF, WebP as the config allows) with its inline
 * errors, the full-width preview in the primary size's aspect ratio, small previews for the type's
 * other aspect ratios (e.g. the square thumbnail of profile and gallery photos) and the low-resolution
 * notice.
 */

const ACCEPT: Record<string, string> = {
  jpg: '.jpg,.jpeg,image/jpeg',
  png: '.png,image/png',
  gif: '.gif,image/gif',
  webp: '.webp,image/webp',
};

/** The preview's drawing width: sharp on a 360 px phone at 2× density, light enough to redraw live. */
const PREVIEW_WIDTH = 720;
const SECONDARY_WIDTH = 240;

/** One size per aspect ratio other than the primary's, smallest first. */
function secondarySizes(type: PhotosConfigType): PhotosConfigSize[] {
  const primary = primarySize(type);
  const ratio = (size: PhotosConfigSize) => Math.round((size.width / size.height) * 1000);
  const seen = new Set([ratio(primary)]);
  const sizes: PhotosConfigSize[] = [];
  for (const size of [...type.sizes].sort((a, b) => a.width - b.width)) {
    if (seen.has(ratio(size))) continue;
    seen.add(ratio(size));
    sizes.push(size);
  }
  return sizes;
}

export function EditorPicture(props: {
  type: PhotosConfigType;
  acceptedFormats: string[];
  maxUploadMb: number;
  picture: Picture | null;
  transform: Transform;
  problem: FileProblem | null;
  /** Whether a file picker is offered (upload, or Replace for Owners and Admins). */
  pickLabel: string | null;
  pickHint?: string;
  disabled?: boolean;
  onPick: (file: File) => void;
}) {
  const { t } = useTranslation('config');
  const inputId = useId();
  const primary = primarySize(props.type);
  const { picture, transform } = props;
  const summary = t('photos.editor.previewLabel', {
    zoom: transform.zoom.toFixed(2),
    rotation: Math.round(transform.rotation),
    brightness: transform.brightness.toFixed(2),
    contrast: transform.contrast.toFixed(2),
    saturation: transform.saturation.toFixed(2),
  });
  const flips = [
    transform.flip_horizontal ? t('photos.editor.flipH') : null,
    transform.flip_vertical ? t('photos.editor.flipV') : null,
  ].filter(Boolean);
  const label = flips.length > 0 ? `${summary} ${flips.join(', ')}` : summary;
  const lowResolution = picture !== null && enlarges(picture, primary, transform);
  const problemText =
    props.problem === 'tooLarge'
      ? t('photos.editor.errors.tooLarge', { mb: props.maxUploadMb })
      : props.problem === 'wrongType'
        ? t('photos.editor.errors.wrongType')
        : props.problem === 'unreadable'
          ? t('photos.editor.errors.unreadable')
          : null;

  return (
    <div className="space-y-3">
      {props.pickLabel !== null && (
        <div>
          <label
            htmlFor={inputId}
            className={`btn-secondary ${props.disabled ? 'pointer-events-none opacity-60' : 'cursor-pointer'}`}
          >
            <ImagePlus aria-hidden="true" size={18} />
            {props.pickLabel}
          </label>
          <input
            id={inputId}
            type="file"
            className="sr-only"
            accept={props.acceptedFormats.map((format) => ACCEPT[format] ?? '').join(',')}
            disabled={props.disabled}
            aria-invalid={problemText !== null}
            aria-describedby={`${inputId}-hint`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared so choosing the same file again after an error still fires a change.
              event.target.value = '';
              if (file) props.onPick(file);
            }}
          />
          <p id={`${inputId}-hint`} className="mt-1 text-small text-grey-600">
            {props.pickHint ?? t('photos.editor.formats', { mb: props.maxUploadMb })}
          </p>
          {problemText && (
            <p role="alert" className="mt-1 text-small font-semibold text-error-700">
              {problemText}
            </p>
          )}
        </div>
      )}
      {picture && (
        <>
          <PhotoPreview
            picture={picture.preview}
            frame={primary}
            drawWidth={PREVIEW_WIDTH}
            transform={transform}
            label={label}
            testId="photo-preview"
          />
          {lowResolution && (
            <p className="flex items-center gap-2 rounded-xl bg-warning-50 p-2 text-small text-warning-800">
              <TriangleAlert aria-hidden="true" size={18} />
              {t('photos.editor.lowResolution')}
            </p>
          )}
          {secondarySizes(props.type).length > 0 && (
            <div className="flex flex-wrap gap-3">
              {secondarySizes(props.type).map((size) => (
                <figure key={size.tag} className="w-28">
                  <PhotoPreview
                    picture={picture.preview}
                    frame={size}
                    drawWidth={SECONDARY_WIDTH}
                    transform={transform}
                    label={label}
                  />
                  <figcaption className="mt-1 text-small text-grey-600">
                    {size.width === size.height
                      ? t('photos.editor.squareThumb')
                      : t('photos.editor.sizePreview', { width: size.width, height: size.height })}
                  </figcaption>
                </figure>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
