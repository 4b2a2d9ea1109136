import { Tab, TabGroup, TabList, TabPanel, TabPanels } from '@headlessui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Loading } from '../../../components/Loading';
import { ErrorState } from '../../../components/States';
import type { PhotoAction } from '../../../components/config/photos/PhotoCard';
import {
  PhotoEditorDialog,
  type EditorMode,
  type EditorResult,
} from '../../../components/config/photos/PhotoEditorDialog';
import { PhotoTypePanel } from '../../../components/config/photos/PhotoTypePanel';
import { CaptionDialog, DeletePhotoDialog } from '../../../components/config/photos/SmallDialogs';
import {
  photosConfigKey,
  photosKey,
  type PhotosConfig,
  type PhotosConfigType,
  type PhotoTypeView,
  type PhotoView,
} from '../../../components/config/photos/photo-api';
import { aboutFirst, captionsOf, mediaRefs, moved } from '../../../components/config/photos/media-order';
import { useMediaContent } from '../../../components/config/photos/use-media-content';
import { apiGet, apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { useCurrentBusiness } from '../business-context';

/**
 * Photos (`/config/business/:id/photos`, MEDIA-280/281, ui.md §10.8): one tab per image type in config
 * order with "{used} of {max}", the cards in website order and their actions, and the upload/edit,
 * delete and caption dialogs. The active tab is in the address (`?type=`), so a reload keeps it.
 */

type Dialog =
  | { kind: 'editor'; mode: EditorMode }
  | { kind: 'delete'; photo: PhotoView }
  | { kind: 'caption'; photo: PhotoView };

interface Notice {
  text: string;
  tone: 'success' | 'error';
}

/** Labels by type key, falling back to the config's English label for types added later (MEDIA-091). */
function useTypeNames() {
  const { t } = useTranslation('config');
  const translate = t as unknown as (key: string, options: { defaultValue: string }) => string;
  return {
    label: (type: PhotosConfigType) => translate(`photos.types.${type.key}`, { defaultValue: type.label }),
    word: (type: PhotosConfigType) => translate(`photos.typeWords.${type.key}`, { defaultValue: type.label }),
  };
}

export default function ConfigPhotosPage() {
  const { t } = useTranslation('config');
  const { t: tc } = useTranslation();
  const current = useCurrentBusiness();
  const { business, readOnly } = current;
  const businessId = business.business_id;
  const queryClient = useQueryClient();
  const names = useTypeNames();
  const content = useMediaContent();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const config = useQuery({
    queryKey: photosConfigKey,
    queryFn: ({ signal }) => apiGet<PhotosConfig>('/photos/config', { signal }),
    staleTime: 5 * 60_000,
  });
  const photos = useQuery({
    queryKey: photosKey(businessId),
    queryFn: ({ signal }) =>
      apiGet<{ image_types: PhotoTypeView[] }>(`/businesses/${businessId}/photos`, { signal }),
  });

  useEffect(() => {
    if (notice?.tone !== 'success') return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  if (config.isPending || photos.isPending) return <Loading />;
  if (config.isError || photos.isError) {
    return (
      <div className="page py-6">
        <ErrorState
          error={config.error ?? photos.error}
          onRetry={() => void Promise.all([config.refetch(), photos.refetch()])}
        />
      </div>
    );
  }

  const types = config.data.image_types;
  const views = new Map(photos.data.image_types.map((view) => [view.image_type, view]));
  const selected = Math.max(
    0,
    types.findIndex((type) => type.key === params.get('type')),
  );
  const permissions = {
    upload: current.can('photos.upload') && !readOnly,
    manage: current.can('photos.delete') && !readOnly,
  };

  const reload = async () => {
    await Promise.all([
      current.refresh(),
      queryClient.invalidateQueries({ queryKey: photosKey(businessId) }),
    ]);
  };
  const attempt = async (work: () => Promise<void>, done: string) => {
    try {
      await work();
      setNotice({ text: done, tone: 'success' });
    } catch (error) {
      setNotice({ text: errorMessage(tc, error), tone: 'error' });
    }
  };

  function onAction(type: PhotosConfigType, photo: PhotoView, action: PhotoAction) {
    const refs = mediaRefs(business, type.key);
    switch (action) {
      case 'edit':
      case 'replace':
        setDialog({ kind: 'editor', mode: { kind: 'edit', type, photo } });
        return;
      case 'delete':
      case 'caption':
        setDialog({ kind: action, photo });
        return;
      case 'moveUp':
      case 'moveDown':
        void attempt(
          () => content.setOrder(type.key, moved(refs, photo.slug, action === 'moveUp' ? -1 : 1)),
          t('photos.toast.moved'),
        );
        return;
      case 'about':
        void attempt(
          () => content.setOrder(type.key, aboutFirst(refs, photo.slug)),
          t('photos.toast.about', { name: photo.name }),
        );
        return;
      case 'show':
        void attempt(() => content.setOrder(type.key, [...refs, photo.slug]), t('photos.toast.shown'));
        return;
      case 'hide':
        void attempt(
          () =>
            content.setOrder(
              type.key,
              refs.filter((slug) => slug !== photo.slug),
            ),
          t('photos.toast.hidden'),
        );
    }
  }

  function onEditorDone(result: EditorResult) {
    setDialog(null);
    if (result.kind === 'uploaded') {
      const { photo, wanted } = result;
      const parts = [
        photo.warnings.includes('NAME_CHANGED') && photo.slug !== wanted
          ? t('photos.toast.renamed', { slug: photo.slug, wanted })
          : t('photos.toast.uploaded'),
        photo.warnings.includes('LOW_RESOLUTION') ? t('photos.toast.lowResolution') : null,
      ];
      setNotice({ text: parts.filter(Boolean).join(' '), tone: 'success' });
    } else {
      setNotice({
        text: result.kind === 'replaced' ? t('photos.toast.replaced') : t('photos.toast.saved'),
        tone: 'success',
      });
    }
    // Upload adds the slug to the content document: both the list and the business version change.
    void reload();
  }

  return (
    <div className="page space-y-4 py-6">
      <header>
        <h1 className="text-h1 font-extrabold">{t('photos.title')}</h1>
        <p className="text-grey-600">{t('photos.intro')}</p>
      </header>
      {readOnly && <p className="rounded-xl bg-warning-50 p-3 text-warning-800">{t('photos.readOnly')}</p>}
      {notice && (
        <div
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="photos-notice"
          className={`flex items-start gap-2 rounded-xl p-3 ${
            notice.tone === 'error' ? 'bg-error-50 text-error-700' : 'bg-success-50 text-success-700'
          }`}
        >
          <p className="flex-1 font-semibold">{notice.text}</p>
          <button
            type="button"
            className="btn-ghost -my-2 px-3"
            aria-label={t('photos.toast.dismiss')}
            onClick={() => setNotice(null)}
          >
            <X aria-hidden="true" size={18} />
          </button>
        </div>
      )}
      <TabGroup
        selectedIndex={selected}
        onChange={(index) => setParams({ type: types[index]!.key }, { replace: true })}
      >
        <TabList className="-mx-4 flex gap-1 overflow-x-auto border-b border-grey-200 px-4">
          {types.map((type) => {
            const view = views.get(type.key);
            return (
              <Tab
                key={type.key}
                className="flex min-h-11 shrink-0 flex-col items-center justify-center rounded-t-xl px-3 py-1 data-selected:border-b-[3px] data-selected:border-brand-700 data-selected:font-bold"
              >
                <span>{names.label(type)}</span>
                <span className="text-small text-grey-600" data-testid={`count-${type.key}`}>
                  {t('photos.counter', {
                    used: view?.count ?? 0,
                    max: view?.effective_limit ?? type.max_images,
                  })}
                </span>
              </Tab>
            );
          })}
        </TabList>
        <TabPanels className="pt-4">
          {types.map((type) => {
            const view = views.get(type.key);
            return (
              <TabPanel key={type.key}>
                {view && (
                  <PhotoTypePanel
                    type={type}
                    view={view}
                    typeWord={names.word(type)}
                    refs={mediaRefs(business, type.key)}
                    permissions={permissions}
                    busy={content.busy}
                    onUpload={() => setDialog({ kind: 'editor', mode: { kind: 'upload', type } })}
                    onAction={(photo, action) => onAction(type, photo, action)}
                  />
                )}
              </TabPanel>
            );
          })}
        </TabPanels>
      </TabGroup>
      {dialog?.kind === 'editor' && (
        <PhotoEditorDialog
          businessId={businessId}
          config={config.data}
          mode={dialog.mode}
          typeLabel={names.word(dialog.mode.type)}
          canReplace={permissions.manage}
          onClose={() => setDialog(null)}
          onDone={onEditorDone}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeletePhotoDialog
          name={dialog.photo.name}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await apiSend('DELETE', `/businesses/${businessId}/photos/${dialog.photo.slug}`);
            setNotice({ text: t('photos.toast.deleted', { name: dialog.photo.name }), tone: 'success' });
            await reload();
          }}
        />
      )}
      {dialog?.kind === 'caption' && (
        <CaptionDialog
          name={dialog.photo.name}
          initial={captionsOf(business, dialog.photo.slug)}
          onClose={() => setDialog(null)}
          onSave={async (captions) => {
            await content.setCaptions(dialog.photo.slug, captions);
            setNotice({ text: t('photos.toast.captions'), tone: 'success' });
          }}
        />
      )}
    </div>
  );
}
