import { useEffect, useRef } from 'react';
import {
  adjustColour,
  canvasMatrix,
  hasColourChange,
  type Size,
  type Transform,
} from '@tafuta/contracts/photos';

/**
 * A live preview of one frame (MEDIA-282 step 3), drawn with Canvas 2D only: the geometry as one
 * affine matrix (MEDIA-153), then MEDIA-156 on the pixels. The canvas `filter` property is never used
 * (Safari lacks it, MEDIA-157). Redraws are batched to the next animation frame so dragging a slider
 * stays smooth on a mid-range phone.
 */

/** A checkerboard behind the canvas, visible through transparent parts of a PNG logo. */
const CHECKERBOARD = {
  backgroundColor: '#ffffff',
  backgroundImage: 'repeating-conic-gradient(#e5e5e5 0% 25%, transparent 0% 50%)',
  backgroundSize: '16px 16px',
};

export function drawPreview(
  canvas: HTMLCanvasElement,
  picture: ImageBitmap,
  transform: Transform,
  colour = true,
): void {
  const context = canvas.getContext('2d', { willReadFrequently: hasColourChange(transform) });
  if (!context) return;
  const frame = { width: canvas.width, height: canvas.height };
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, frame.width, frame.height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  const m = canvasMatrix({ width: picture.width, height: picture.height }, frame, transform);
  context.setTransform(m.a, m.b, m.c, m.d, m.e, m.f);
  context.drawImage(picture, 0, 0);
  context.setTransform(1, 0, 0, 1, 0, 0);
  if (colour && hasColourChange(transform)) {
    const pixels = context.getImageData(0, 0, frame.width, frame.height);
    adjustColour(pixels.data, 4, transform);
    context.putImageData(pixels, 0, 0);
  }
}

export function PhotoPreview(props: {
  picture: ImageBitmap | null;
  /** The output size whose aspect ratio the preview has. */
  frame: Size;
  /** Pixel width the canvas draws at; CSS scales it to the space available. */
  drawWidth: number;
  transform: Transform;
  /** Spoken summary of the settings (UI-A11Y-08). */
  label: string;
  className?: string;
  testId?: string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = Math.round(props.drawWidth);
  const height = Math.max(1, Math.round((props.drawWidth * props.frame.height) / props.frame.width));
  const { picture, transform } = props;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (!picture) {
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      return;
    }
    const frame = requestAnimationFrame(() => drawPreview(canvas, picture, transform));
    return () => cancelAnimationFrame(frame);
  }, [picture, transform, width, height]);

  return (
    <canvas
      ref={canvasRef}
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      className={`block h-auto w-full rounded-xl border border-grey-200 ${props.className ?? ''}`}
      style={{ ...CHECKERBOARD, aspectRatio: `${props.frame.width} / ${props.frame.height}` }}
    />
  );
}
