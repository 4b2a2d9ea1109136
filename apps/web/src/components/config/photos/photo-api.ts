import type { ErrorCode } from '@tafuta/contracts';
import type { PhotosConfigSize, PhotosConfigType, PhotoView } from '@tafuta/contracts/photos';
import { ApiError, apiUrl } from '../../../lib/api';

/** The photo endpoints of media.md MEDIA-260 as the dashboard uses them; the reply shapes are shared. */

export type {
  PhotosConfig,
  PhotosConfigSize,
  PhotosConfigType,
  PhotoTypeView,
  PhotoUploaded,
  PhotoView,
} from '@tafuta/contracts/photos';

export const photosConfigKey = ['config', 'photos-config'] as const;
/** The same key as the other dashboard screens that list photos, so one upload refreshes them all. */
export const photosKey = (businessId: string) => ['config', 'photos', businessId] as const;

/** The primary size drives the editor preview (media.md §0). */
export function primarySize(type: PhotosConfigType): PhotosConfigSize {
  return type.sizes.find((size) => size.tag === type.primary_size) ?? type.sizes[0]!;
}

/** Card thumbnails are 112 CSS px wide; a 64 px logo icon would look blurred there. */
const CARD_MIN_WIDTH = 128;

/**
 * The card image (MEDIA-281): the type's smallest output at least CARD_MIN_WIDTH wide that exists,
 * else the largest one that exists.
 */
export function thumbnailSize(type: PhotosConfigType, photo?: PhotoView): PhotosConfigSize {
  const bySize = [...type.sizes].sort((a, b) => a.width * a.height - b.width * b.height);
  const existing = photo ? bySize.filter((size) => photo.urls[size.tag]) : bySize;
  const candidates = existing.length > 0 ? existing : bySize;
  return candidates.find((size) => size.width >= CARD_MIN_WIDTH) ?? candidates[candidates.length - 1]!;
}

export function thumbnailUrl(type: PhotosConfigType, photo: PhotoView): string | undefined {
  return photo.urls[thumbnailSize(type, photo).tag] ?? Object.values(photo.urls)[0];
}

/** MEDIA-113's signatures: what the first bytes say the file is, never its name. */
export function sniffFormat(head: Uint8Array): 'jpg' | 'png' | 'gif' | 'webp' | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => head[i] === byte)) return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

export interface UploadFields {
  /** Text fields first, file last (MEDIA-112), so the server can refuse before receiving the photo. */
  fields: Record<string, string>;
  file: Blob;
  fileName: string;
}

export interface UploadHandle<T> {
  done: Promise<T>;
  abort: () => void;
}

export type UploadPhase = { phase: 'sending'; percent: number } | { phase: 'processing' };

/**
 * UI-MED-04: a multipart upload through XMLHttpRequest, the one browser API that reports upload
 * progress. Failures become the same ApiError the rest of the dashboard translates; a cancel is an
 * AbortError.
 */
export function sendPhoto<T>(
  method: 'POST' | 'PUT',
  path: string,
  input: UploadFields,
  onPhase: (phase: UploadPhase) => void,
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(input.fields)) form.append(key, value);
    form.append('file', input.file, input.fileName);
    xhr.open(method, apiUrl(path));
    xhr.responseType = 'json';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        onPhase({ phase: 'sending', percent: Math.min(100, Math.floor((event.loaded / event.total) * 100)) });
      }
    };
    xhr.upload.onload = () => onPhase({ phase: 'processing' });
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', 0));
    xhr.ontimeout = () => reject(new ApiError('NETWORK_ERROR', 0));
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as {
        success?: boolean;
        data?: unknown;
        error?: Record<string, unknown>;
      };
      if (xhr.status >= 200 && xhr.status < 300 && body.success !== false) {
        resolve(body.data as T);
        return;
      }
      const code = typeof body.error?.code === 'string' ? (body.error.code as ErrorCode) : 'UNKNOWN_ERROR';
      reject(new ApiError(code, xhr.status, body.error ?? {}));
    };
    onPhase({ phase: 'sending', percent: 0 });
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** MEDIA-264: the original through the authenticated endpoint, so canvas pixels stay same-origin. */
export async function fetchSource(businessId: string, slug: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(apiUrl(`/businesses/${businessId}/photos/${slug}/source`), {
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK_ERROR', 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: Record<string, unknown> };
    const code = typeof body.error?.code === 'string' ? (body.error.code as ErrorCode) : 'UNKNOWN_ERROR';
    throw new ApiError(code, response.status, body.error ?? {});
  }
  return response.blob();
}
