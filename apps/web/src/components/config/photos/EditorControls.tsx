import { FlipHorizontal2, FlipVertical2, RotateCcw, RotateCw, Undo2 } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TRANSFORM, focusRange, rotateBy, type Size, type Transform } from '@tafuta/contracts/photos';

/**
 * MEDIA-282 steps 4–6: framing controls, the collapsible colour group and Reset. Values are kept as
 * the sliders give them; the server rounds to the stored precision (MEDIA-150) and the dialog sends
 * the rounded values it previewed.
 */

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  display?: string;
  disabled?: boolean;
  hint?: string;
  onChange: (value: number) => void;
}

function Slider(props: SliderProps) {
  const id = useId();
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="font-semibold">
          {props.label}
        </label>
        {props.display !== undefined && (
          <output htmlFor={id} className="text-small tabular-nums text-grey-600">
            {props.display}
          </output>
        )}
      </div>
      <input
        id={id}
        type="range"
        className="h-11 w-full cursor-pointer accent-brand-700 disabled:cursor-not-allowed"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        aria-valuetext={props.display}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="text-small text-grey-600">
          {props.hint}
        </p>
      )}
    </div>
  );
}

function Toggle(props: { label: string; pressed: boolean; icon: ReactNode; onToggle: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={props.pressed}
      onClick={props.onToggle}
      className={props.pressed ? 'btn bg-ink text-white' : 'btn-secondary'}
    >
      {props.icon}
      {props.label}
    </button>
  );
}

const signed = (value: number, digits: number) =>
  `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}`;

export function EditorControls(props: {
  transform: Transform;
  /** Upright size of the picture on screen. */
  picture: Size;
  /** The primary output size: the move sliders cover its allowed focus range. */
  frame: Size;
  disabled?: boolean;
  onChange: (next: Transform) => void;
}) {
  const { t } = useTranslation('config');
  const { transform, onChange } = props;
  const set = (patch: Partial<Transform>) => onChange({ ...transform, ...patch });
  const range = focusRange(props.picture, props.frame, transform);
  // The sliders speak about the picture as shown: with a flip, moving right means a smaller focus.
  const shownX = transform.flip_horizontal ? 1 - transform.focus_x : transform.focus_x;
  const shownY = transform.flip_vertical ? 1 - transform.focus_y : transform.focus_y;
  const clampTo = (value: number, r: { min: number; max: number } | null) =>
    r ? Math.min(Math.max(value, r.min), r.max) : 0.5;

  return (
    <fieldset disabled={props.disabled} className="space-y-3">
      <legend className="mb-1 text-h3 font-bold">{t('photos.editor.framing')}</legend>
      <Slider
        label={t('photos.editor.zoom')}
        value={transform.zoom}
        min={1}
        max={5}
        step={0.05}
        display={t('photos.editor.zoomValue', { value: transform.zoom.toFixed(2) })}
        onChange={(zoom) => set({ zoom })}
      />
      <Slider
        label={t('photos.editor.moveX')}
        value={clampTo(shownX, range.x)}
        min={range.x?.min ?? 0}
        max={range.x?.max ?? 1}
        step={range.x ? (range.x.max - range.x.min) / 100 : 0.01}
        disabled={!range.x}
        hint={range.x ? undefined : t('photos.editor.noRoom')}
        onChange={(value) => set({ focus_x: transform.flip_horizontal ? 1 - value : value })}
      />
      <Slider
        label={t('photos.editor.moveY')}
        value={clampTo(shownY, range.y)}
        min={range.y?.min ?? 0}
        max={range.y?.max ?? 1}
        step={range.y ? (range.y.max - range.y.min) / 100 : 0.01}
        disabled={!range.y}
        hint={range.y ? undefined : t('photos.editor.noRoom')}
        onChange={(value) => set({ focus_y: transform.flip_vertical ? 1 - value : value })}
      />
      <Slider
        label={t('photos.editor.rotate')}
        value={transform.rotation}
        min={-180}
        max={180}
        step={1}
        display={t('photos.editor.rotateValue', { value: signed(transform.rotation, 0) })}
        onChange={(rotation) => set({ rotation })}
      />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-secondary"
          onClick={() => set({ rotation: rotateBy(transform.rotation, -90) })}
        >
          <RotateCcw aria-hidden="true" size={18} />
          {t('photos.editor.rotateLeft')}
        </button>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => set({ rotation: rotateBy(transform.rotation, 90) })}
        >
          <RotateCw aria-hidden="true" size={18} />
          {t('photos.editor.rotateRight')}
        </button>
        <Toggle
          label={t('photos.editor.flipH')}
          pressed={transform.flip_horizontal}
          icon={<FlipHorizontal2 aria-hidden="true" size={18} />}
          onToggle={() => set({ flip_horizontal: !transform.flip_horizontal })}
        />
        <Toggle
          label={t('photos.editor.flipV')}
          pressed={transform.flip_vertical}
          icon={<FlipVertical2 aria-hidden="true" size={18} />}
          onToggle={() => set({ flip_vertical: !transform.flip_vertical })}
        />
      </div>
      <details className="rounded-xl border border-grey-200 px-3">
        <summary className="flex min-h-11 cursor-pointer items-center font-semibold">
          {t('photos.editor.colour')}
        </summary>
        <div className="space-y-3 pb-3">
          {(['brightness', 'contrast', 'saturation'] as const).map((key) => (
            <Slider
              key={key}
              label={t(`photos.editor.${key}`)}
              value={transform[key]}
              min={-1}
              max={1}
              step={0.05}
              display={signed(transform[key], 2)}
              onChange={(value) => set({ [key]: value })}
            />
          ))}
        </div>
      </details>
      <button type="button" className="btn-ghost" onClick={() => onChange({ ...DEFAULT_TRANSFORM })}>
        <Undo2 aria-hidden="true" size={18} />
        {t('photos.editor.reset')}
      </button>
    </fieldset>
  );
}
