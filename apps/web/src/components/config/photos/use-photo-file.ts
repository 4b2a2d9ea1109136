import { useEffect, useRef, useState } from 'react';
import type { PhotosConfig } from './photo-api';
import { sniffFormat } from './photo-api';
import { readConnection, shouldOfferShrink, shrinkPicture } from './shrink';

/**
 * The picture the editor works on: a file the person chose (checked per MEDIA-110 before anything is
 * sent) or the stored original loaded for editing. Holds the decoded picture, a smaller copy the
 * previews redraw at every slider step, and, on slow connections, the smaller JPEG of UI-MED-05.
 */

export type FileProblem = 'tooLarge' | 'wrongType' | 'unreadable';

export interface ChosenFile {
  file: File;
  format: 'jpg' | 'png' | 'gif' | 'webp';
}

export interface Picture {
  /** The whole decoded picture, upright. */
  full: ImageBitmap;
  /** What the previews draw: the same picture, at most PREVIEW_LONG_EDGE on its long side. */
  preview: ImageBitmap;
  /** Size of the full picture: the low-resolution notice and slider ranges use it. */
  width: number;
  height: number;
}

/**
 * A 12-megapixel photo redrawn at every slider step is slow on a mid-range phone (MEDIA-282 asks for
 * 30 frames a second); the previews are at most 720 px wide, so a copy this size loses nothing. The
 * geometry works in fractions of the picture, so the smaller copy frames exactly the same.
 */
const PREVIEW_LONG_EDGE = 2048;

/** Decodes with EXIF orientation applied, as the server does (MEDIA-152 step 1); no blob: URL needed. */
export function decodePicture(blob: Blob): Promise<ImageBitmap> {
  return createImageBitmap(blob, { imageOrientation: 'from-image' });
}

async function toPicture(full: ImageBitmap): Promise<Picture> {
  const scale = PREVIEW_LONG_EDGE / Math.max(full.width, full.height);
  let preview = full;
  if (scale < 1) {
    preview = await createImageBitmap(full, {
      resizeWidth: Math.max(1, Math.round(full.width * scale)),
      resizeHeight: Math.max(1, Math.round(full.height * scale)),
      resizeQuality: 'high',
    }).catch(() => full);
  }
  return { full, preview, width: full.width, height: full.height };
}

function release(picture: Picture): void {
  if (picture.preview !== picture.full) picture.preview.close();
  picture.full.close();
}

export function usePhotoFile(config: PhotosConfig) {
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [picture, setPictureState] = useState<Picture | null>(null);
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [offerShrink, setOfferShrink] = useState(false);
  const [shrink, setShrink] = useState(false);
  const [shrunkFor, setShrunkFor] = useState<{ picture: Picture; blob: Blob } | null>(null);
  const pictureRef = useRef<Picture | null>(null);

  /** Takes a decoded picture (a chosen file or the stored original) as the one being edited. */
  async function adopt(full: ImageBitmap): Promise<void> {
    const next = await toPicture(full);
    if (pictureRef.current) release(pictureRef.current);
    pictureRef.current = next;
    setPictureState(next);
  }

  // Decoded pictures hold every pixel in memory: free them when the dialog goes.
  useEffect(
    () => () => {
      if (pictureRef.current) release(pictureRef.current);
    },
    [],
  );

  // The smaller JPEG belongs to one picture; a new file makes it stale without another state update.
  const shrunk = shrink && shrunkFor !== null && shrunkFor.picture === picture ? shrunkFor.blob : null;
  const needsShrink = shrink && picture !== null && chosen !== null && shrunk === null;

  useEffect(() => {
    if (!needsShrink || !picture) return;
    let live = true;
    shrinkPicture(picture.full)
      .then((blob) => {
        if (live) setShrunkFor({ picture, blob });
      })
      .catch(() => {
        if (live) setShrink(false);
      });
    return () => {
      live = false;
    };
  }, [needsShrink, picture]);

  /** MEDIA-110's client checks; returns whether the file was taken. */
  async function choose(file: File): Promise<boolean> {
    setProblem(null);
    if (file.size > config.max_upload_bytes) {
      setProblem('tooLarge');
      return false;
    }
    const format = sniffFormat(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
    if (!format || !config.accepted_formats.includes(format)) {
      setProblem('wrongType');
      return false;
    }
    let decoded: ImageBitmap;
    try {
      decoded = await decodePicture(file);
    } catch {
      setProblem('unreadable');
      return false;
    }
    await adopt(decoded);
    setChosen({ file, format });
    const offer = shouldOfferShrink(file.size, readConnection());
    setOfferShrink(offer);
    setShrink(offer);
    return true;
  }

  /** What goes over the wire: the smaller JPEG when chosen and ready, else the file as picked. */
  function upload(): { blob: Blob; fileName: string } | null {
    if (!chosen) return null;
    if (shrink && shrunk) return { blob: shrunk, fileName: 'photo.jpg' };
    return { blob: chosen.file, fileName: `photo.${chosen.format}` };
  }

  return {
    chosen,
    picture,
    adopt,
    problem,
    offerShrink,
    shrink,
    setShrink,
    /** Still re-encoding: sending now would send the original. */
    shrinking: needsShrink,
    sendBytes: chosen ? (shrink && shrunk ? shrunk.size : chosen.file.size) : 0,
    choose,
    upload,
  };
}
