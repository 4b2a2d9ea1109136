import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TRANSFORM, imageSlug, normaliseTransform, transformFrom } from '@tafuta/contracts/photos';
import { ApiError, apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { EditorControls } from './EditorControls';
import { EditorPicture } from './EditorPicture';
import { ShrinkOption } from './ShrinkOption';
import { UploadProgress } from './UploadProgress';
import {
  fetchSource,
  primarySize,
  sendPhoto,
  type PhotosConfig,
  type PhotosConfigType,
  type PhotoUploaded,
  type PhotoView,
  type UploadHandle,
  type UploadPhase,
} from './photo-api';
import { decodePicture, usePhotoFile } from './use-photo-file';

/**
 * The upload and edit dialog (MEDIA-282–284, UI-MED-02–05), full screen on phones. Upload sends the file
 * with its name and settings; Edit loads the original through the private source endpoint and sends
 * only the settings (PATCH), unless an Owner or Admin picked a replacement (PUT …/source). A failure
 * keeps the file, name and settings, and the button offers Retry.
 */

export type EditorMode =
  { kind: 'upload'; type: PhotosConfigType } | { kind: 'edit'; type: PhotosConfigType; photo: PhotoView };

export type EditorResult =
  | { kind: 'uploaded'; photo: PhotoUploaded; wanted: string }
  | { kind: 'saved'; photo: PhotoView }
  | { kind: 'replaced'; photo: PhotoView };

type SourceState = 'none' | 'loading' | 'ready' | 'missing' | 'failed';

export function PhotoEditorDialog(props: {
  businessId: string;
  config: PhotosConfig;
  mode: EditorMode;
  typeLabel: string;
  canReplace: boolean;
  onClose: () => void;
  onDone: (result: EditorResult) => void;
}) {
  const { t } = useTranslation('config');
  const { t: tc } = useTranslation();
  const { mode, businessId } = props;
  const editing = mode.kind === 'edit' ? mode.photo : null;
  const nameId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(editing?.name ?? '');
  const [nameError, setNameError] = useState(false);
  const [transform, setTransform] = useState(editing ? transformFrom(editing.transform) : DEFAULT_TRANSFORM);
  const [source, setSource] = useState<SourceState>(editing ? 'loading' : 'none');
  const [phase, setPhase] = useState<UploadPhase | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [failedOnce, setFailedOnce] = useState(false);
  const handle = useRef<UploadHandle<unknown> | null>(null);
  const file = usePhotoFile(props.config);
  const { adopt } = file;

  // MEDIA-284: the original for editing, through the authenticated endpoint (MEDIA-264).
  useEffect(() => {
    if (!editing) return;
    const controller = new AbortController();
    fetchSource(businessId, editing.slug, controller.signal)
      .then(decodePicture)
      .then(async (bitmap) => {
        if (controller.signal.aborted) bitmap.close();
        else {
          await adopt(bitmap);
          setSource('ready');
        }
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const missing = error instanceof ApiError && error.code === 'SOURCE_MISSING';
        setSource(missing ? 'missing' : 'failed');
        if (!missing) setFailure(errorMessage(tc, error));
      });
    return () => controller.abort();
    // The dialog opens for one photo; its slug never changes while open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const transferring = phase !== null || saving;
  const replacing = editing !== null && file.chosen !== null;
  const primary = primarySize(mode.type);
  const ready = file.picture !== null && (mode.kind === 'edit' ? source === 'ready' || replacing : true);

  const pick = async (chosen: File) => {
    setFailure(null);
    // A new picture starts from the defaults (MEDIA-284 Replace; a different photo for an upload).
    if (await file.choose(chosen)) setTransform({ ...DEFAULT_TRANSFORM });
  };

  const close = () => {
    handle.current?.abort();
    props.onClose();
  };

  async function submit() {
    if (!name.trim()) {
      setNameError(true);
      nameRef.current?.focus();
      return;
    }
    if (!ready || transferring || file.shrinking) return;
    setFailure(null);
    const settings = normaliseTransform(transform);
    const fields = { image_name: name.trim(), transform: JSON.stringify(settings) };
    try {
      if (mode.kind === 'upload' || replacing) {
        const body = file.upload()!;
        const upload =
          mode.kind === 'upload'
            ? sendPhoto<PhotoUploaded>(
                'POST',
                `/businesses/${businessId}/photos`,
                {
                  fields: { image_type: mode.type.key, ...fields },
                  file: body.blob,
                  fileName: body.fileName,
                },
                setPhase,
              )
            : sendPhoto<PhotoView>(
                'PUT',
                `/businesses/${businessId}/photos/${editing!.slug}/source`,
                { fields, file: body.blob, fileName: body.fileName },
                setPhase,
              );
        handle.current = upload;
        const photo = await upload.done;
        props.onDone(
          mode.kind === 'upload'
            ? { kind: 'uploaded', photo: photo as PhotoUploaded, wanted: imageSlug(name) }
            : { kind: 'replaced', photo },
        );
        return;
      }
      // UI-MED-03: only the settings (and a changed name); the original is reused.
      const patch: { transform?: typeof settings; name?: string } = {};
      const before = normaliseTransform(transformFrom(editing!.transform));
      if (JSON.stringify(before) !== JSON.stringify(settings)) patch.transform = settings;
      if (name.trim() !== editing!.name) patch.name = name.trim();
      if (Object.keys(patch).length === 0) {
        props.onClose();
        return;
      }
      setSaving(true);
      const photo = await apiSend<PhotoView>(
        'PATCH',
        `/businesses/${businessId}/photos/${editing!.slug}`,
        patch,
      );
      props.onDone({ kind: 'saved', photo });
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      setFailure(cancelled ? t('photos.editor.cancelled') : errorMessage(tc, error));
      setFailedOnce(true);
    } finally {
      handle.current = null;
      setPhase(null);
      setSaving(false);
    }
  }

  const title =
    mode.kind === 'upload'
      ? t('photos.editor.uploadTitle', { type: props.typeLabel })
      : t('photos.editor.editTitle', { name: mode.photo.name });
  const submitLabel = failedOnce
    ? t('photos.editor.retry')
    : mode.kind === 'upload'
      ? t('photos.editor.upload')
      : t('photos.editor.save');
  const pickLabel =
    mode.kind === 'upload'
      ? file.chosen
        ? t('photos.editor.chooseOther')
        : t('photos.editor.choose')
      : props.canReplace
        ? t('photos.editor.replace')
        : null;

  return (
    <Dialog open onClose={() => !transferring && close()} className="relative z-40">
      <div className="fixed inset-0 bg-ink/40" aria-hidden="true" />
      <div className="fixed inset-0 flex sm:items-center sm:justify-center sm:p-4">
        <DialogPanel
          data-testid="photo-editor"
          className="flex h-full w-full flex-col bg-white sm:h-auto sm:max-h-[92dvh] sm:max-w-xl sm:rounded-2xl"
        >
          <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4" data-testid="photo-editor-body">
            <DialogTitle className="text-h2 font-bold">{title}</DialogTitle>
            <div>
              <label htmlFor={nameId} className="field-label">
                {t('photos.editor.name')}
              </label>
              <input
                id={nameId}
                ref={nameRef}
                className="field"
                value={name}
                maxLength={80}
                required
                aria-invalid={nameError && !name.trim()}
                aria-describedby={`${nameId}-hint`}
                disabled={transferring}
                onChange={(event) => {
                  setName(event.target.value);
                  setNameError(false);
                }}
              />
              <p id={`${nameId}-hint`} className="mt-1 text-small text-grey-600">
                {nameError && !name.trim() ? (
                  <span className="font-semibold text-error-700">{t('photos.editor.nameRequired')}</span>
                ) : mode.kind === 'upload' ? (
                  t('photos.editor.willBeSaved', { slug: imageSlug(name) })
                ) : (
                  t('photos.editor.fileName', { slug: mode.photo.slug })
                )}
              </p>
            </div>
            {source === 'loading' && (
              <p role="status" className="text-grey-600">
                {t('photos.editor.loadingSource')}
              </p>
            )}
            {source === 'missing' && !replacing && (
              <p role="alert" className="rounded-xl bg-error-50 p-3 font-semibold text-error-700">
                {t('photos.editor.sourceMissing')}
              </p>
            )}
            <EditorPicture
              type={mode.type}
              acceptedFormats={props.config.accepted_formats}
              maxUploadMb={props.config.max_upload_size_mb}
              picture={file.picture}
              transform={transform}
              problem={file.problem}
              pickLabel={pickLabel}
              pickHint={mode.kind === 'edit' ? t('photos.editor.replaceHint') : undefined}
              disabled={transferring}
              onPick={(chosen) => void pick(chosen)}
            />
            {file.offerShrink && file.chosen && (
              <ShrinkOption
                checked={file.shrink}
                onChange={file.setShrink}
                bytes={file.sendBytes}
                disabled={transferring}
              />
            )}
            {file.picture && (
              <EditorControls
                transform={transform}
                picture={file.picture}
                frame={primary}
                disabled={transferring}
                onChange={setTransform}
              />
            )}
            {failure && (
              <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
                {failure}
              </p>
            )}
          </div>
          <div className="border-t border-grey-200 bg-white p-3">
            {phase ? (
              <UploadProgress phase={phase} onCancel={() => handle.current?.abort()} />
            ) : (
              <div className="flex justify-end gap-2">
                <button type="button" className="btn-secondary" onClick={close}>
                  {t('photos.editor.cancel')}
                </button>
                <button
                  type="button"
                  className="btn-primary"
                  disabled={!ready || saving || file.shrinking}
                  onClick={() => void submit()}
                >
                  {saving ? t('photos.editor.saving') : submitLabel}
                </button>
              </div>
            )}
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
