/**
 * UI-MED-05 (ERRATA 17 allows it despite MEDIA-111): on a slow or data-saving connection a photo over
 * 3 MB may be re-encoded in the browser before sending, as JPEG with the long edge at most 2,560 px and
 * quality 0.85; the smaller file becomes the source. The owner can untick it.
 */

export const SHRINK_THRESHOLD_BYTES = 3 * 1_048_576;
export const SHRINK_LONG_EDGE = 2560;
export const SHRINK_QUALITY = 0.85;

/** The parts of the Network Information API we read (Chromium-based browsers; absent elsewhere). */
export interface ConnectionInfo {
  saveData?: boolean;
  effectiveType?: string;
  /** Estimated downlink in Mbit/s. */
  downlink?: number;
}

export function readConnection(): ConnectionInfo {
  const connection = (navigator as Navigator & { connection?: ConnectionInfo }).connection;
  return connection
    ? {
        saveData: connection.saveData,
        effectiveType: connection.effectiveType,
        downlink: connection.downlink,
      }
    : {};
}

const SLOW_TYPES = new Set(['slow-2g', '2g', '3g']);

export function isSlowConnection(connection: ConnectionInfo): boolean {
  return connection.saveData === true || SLOW_TYPES.has(connection.effectiveType ?? '');
}

export function shouldOfferShrink(bytes: number, connection: ConnectionInfo): boolean {
  return bytes > SHRINK_THRESHOLD_BYTES && isSlowConnection(connection);
}

/** Upload speeds (Mbit/s) when the browser gives no estimate: mobile uplinks are slower than downlinks. */
const UPLINK_BY_TYPE: Record<string, number> = { 'slow-2g': 0.02, '2g': 0.05, '3g': 0.4, '4g': 2 };

/**
 * "about 2 minutes on your connection": seconds to send `bytes`, from the browser's downlink estimate
 * halved (the uplink is usually the slower direction), else a typical rate for the connection type;
 * null when the browser says nothing about its connection.
 */
export function estimateUploadSeconds(bytes: number, connection: ConnectionInfo): number | null {
  const known = connection.downlink && connection.downlink > 0 ? connection.downlink / 2 : undefined;
  const mbps = known ?? UPLINK_BY_TYPE[connection.effectiveType ?? ''];
  if (!mbps) return null;
  return Math.max(1, Math.ceil((bytes * 8) / (mbps * 1_000_000)));
}

/** The shrunk picture's size: the long edge at most 2,560 px, proportions kept, never enlarged. */
export function shrunkSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, SHRINK_LONG_EDGE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Re-encodes a decoded picture as the JPEG described above; transparent areas become white. */
export async function shrinkPicture(picture: ImageBitmap): Promise<Blob> {
  const size = shrunkSize(picture.width, picture.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Canvas 2D is not available');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size.width, size.height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture, 0, 0, size.width, size.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))),
      'image/jpeg',
      SHRINK_QUALITY,
    ),
  );
}
