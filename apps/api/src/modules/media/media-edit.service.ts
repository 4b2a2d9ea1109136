import type { PhotoView } from '@tafuta/contracts/photos';
import { isoSeconds } from '../../http/envelope.js';
import { invalidInput } from '../../http/errors.js';
import type { BusinessActor } from '../businesses/businesses.service.js';
import { configSnapshot, type MediaDeps } from './media.deps.js';
import { mediaOf, removeSlug } from './media-content.js';
import { cleanImageName, transformField, uploadedFile } from './media.input.js';
import {
  access,
  assertEditable,
  auditOnly,
  existingImage,
  logOperation,
  mediaActor,
  mediaChanged,
  notFound,
  underLock,
  updateReferences,
} from './media-ops.js';
import { photoView } from './media.view.js';
import { publishDeletion, publishRevision, readVerifiedSource, renderImage, sha256 } from './pipeline.js';
import { inspectSource } from './render.js';
import { findImage, type ImageSpec, type StoredImage } from './spec-file.js';
import type { MediaType } from './pipeline-config.js';
import { parseTransform } from './transform.js';

/** Changing an existing photo (media.md §9): re-frame or rename, replace the original, delete. */

/** The photo as it stands after a change, and whether the listing shows it. */
function changedView(
  deps: MediaDeps,
  folder: string,
  content: Record<string, unknown>,
  type: MediaType,
  image: StoredImage,
): Promise<PhotoView> {
  const shown = (mediaOf(content)[type.key] ?? []).includes(image.slug);
  return photoView({ folder, mediaBaseUrl: deps.mediaBaseUrl, type, image, shown });
}

/** MEDIA-180/181: re-frame and/or rename; the source is never touched. */
export async function editPhoto(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  slug: string,
  body: { transform?: unknown; name?: unknown; image_type?: unknown },
): Promise<PhotoView> {
  const { asStaff } = await access(deps, actor, businessId, 'business.upload_image');
  const config = configSnapshot(deps);
  const transform = body.transform === undefined ? null : parseTransform(body.transform);
  const name = body.name === undefined ? null : cleanImageName(body.name, 'name');
  const started = performance.now();
  const view = await deps.slot.run(() =>
    underLock(deps, businessId, async (folder, business) => {
      const { image, type } = await existingImage(deps, folder, slug, config, body.image_type);
      assertEditable(deps, image);
      const spec: ImageSpec = {
        ...image.spec,
        name: name ?? image.spec.name,
        transform: transform ?? image.spec.transform,
        updated_by: actor.userId,
        updated_at: isoSeconds(new Date()),
      };
      let outputs: Map<string, Buffer> | null = null;
      if (transform) {
        const bytes = await readVerifiedSource(folder, image.spec, deps.logger);
        outputs = (await renderImage(bytes, type, transform, config)).outputs;
      }
      await publishRevision({
        folder,
        type,
        slug,
        spec,
        outputs,
        writeSpecFile: true,
        io: deps.io,
        operation: 'transform',
      });
      await auditOnly(
        deps,
        actor,
        asStaff,
        businessId,
        business.business_name,
        transform ? 'media_transform' : 'media_rename',
        {
          image_type: type.key,
          slug,
        },
      );
      return changedView(deps, folder, business.content_json, type, { slug, spec });
    }),
  );
  mediaChanged(deps, businessId);
  logOperation(deps, transform ? 'transform' : 'rename', businessId, view.image_type, slug, started);
  return view;
}

/** MEDIA-183 (ERRATA 17): a new original under the same slug and type; count unchanged. */
export async function replaceSource(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  slug: string,
  input: { image_name?: unknown; transform?: unknown; file: Buffer | undefined },
): Promise<PhotoView> {
  const { asStaff } = await access(deps, actor, businessId, 'business.delete_image');
  const config = configSnapshot(deps);
  const name =
    input.image_name === undefined || input.image_name === '' ? null : cleanImageName(input.image_name);
  const transform = transformField(input.transform);
  const bytes = uploadedFile(input.file, config);
  const info = await inspectSource(bytes, config);
  const started = performance.now();
  const view = await deps.slot.run(() =>
    underLock(deps, businessId, async (folder, business) => {
      const { image, type } = await existingImage(deps, folder, slug, config);
      assertEditable(deps, image);
      const rendered = await renderImage(bytes, type, transform, config, info);
      const at = isoSeconds(new Date());
      const spec: ImageSpec = {
        ...image.spec,
        name: name ?? image.spec.name,
        source: `${slug}.${info.format}`,
        source_format: info.format,
        source_width: info.width,
        source_height: info.height,
        source_bytes: bytes.length,
        source_sha256: sha256(bytes),
        uploaded_by: actor.userId,
        uploaded_at: at,
        updated_by: actor.userId,
        updated_at: at,
        transform,
      };
      await publishRevision({
        folder,
        type,
        slug,
        spec,
        outputs: rendered.outputs,
        newSource: bytes,
        previousSource: image.spec.source,
        writeSpecFile: true,
        io: deps.io,
        operation: 'replace',
      });
      await auditOnly(deps, actor, asStaff, businessId, business.business_name, 'media_replace', {
        image_type: type.key,
        slug,
      });
      return changedView(deps, folder, business.content_json, type, { slug, spec });
    }),
  );
  mediaChanged(deps, businessId);
  logOperation(deps, 'replace', businessId, view.image_type, slug, started, bytes.length);
  return view;
}

/** MEDIA-184: files first (spec, outputs, source), then the reference; staff give a reason. */
export async function deletePhoto(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  slug: string,
  reason: string | undefined,
): Promise<{ slug: string; deleted: true }> {
  const { asStaff } = await access(deps, actor, businessId, 'business.delete_image');
  if (asStaff && !reason)
    throw invalidInput('Staff must give a reason', [{ field: 'reason', code: 'required' }]);
  const started = performance.now();
  const type = await underLock(deps, businessId, async (folder) => {
    const image = await findImage(folder, slug, deps.logger);
    if (!image) throw notFound();
    await publishDeletion({ folder, type: image.spec.type, slug, source: image.spec.source, io: deps.io });
    await updateReferences(deps, businessId, mediaActor(actor, asStaff), {
      edit: removeSlug(slug),
      dropCaptionsOf: slug,
      summary: `Removed image: ${image.spec.name}`,
      auditAction: 'media_delete',
      auditValue: { image_type: image.spec.type, slug },
      reason: reason ?? null,
    });
    return image.spec.type;
  });
  logOperation(deps, 'delete', businessId, type, slug, started);
  return { slug, deleted: true };
}
