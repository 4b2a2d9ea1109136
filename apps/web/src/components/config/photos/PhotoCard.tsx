import {
  ArrowDown,
  ArrowUp,
  Eye,
  EyeOff,
  MessageSquareText,
  Pencil,
  RefreshCw,
  Star,
  Trash2,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One photo in the manager's grid (MEDIA-281, UI-MED-01/07): the type's smallest output, the display
 * name, its badges and the actions the person's role allows. Buttons the role does not allow are not
 * rendered at all (an Employee never sees Delete); the server refuses them anyway.
 */

export type PhotoAction =
  'edit' | 'replace' | 'delete' | 'moveUp' | 'moveDown' | 'show' | 'hide' | 'about' | 'caption';

const ICONS: Record<PhotoAction, ReactNode> = {
  edit: <Pencil aria-hidden="true" size={18} />,
  replace: <RefreshCw aria-hidden="true" size={18} />,
  delete: <Trash2 aria-hidden="true" size={18} />,
  moveUp: <ArrowUp aria-hidden="true" size={18} />,
  moveDown: <ArrowDown aria-hidden="true" size={18} />,
  show: <Eye aria-hidden="true" size={18} />,
  hide: <EyeOff aria-hidden="true" size={18} />,
  about: <Star aria-hidden="true" size={18} />,
  caption: <MessageSquareText aria-hidden="true" size={18} />,
};

export interface PhotoCardProps {
  name: string;
  thumbnail: string | undefined;
  /** Width / height of the thumbnail, to reserve its space before it loads. */
  aspect: number;
  badges: { text: string; tone: 'info' | 'warning' | 'success' }[];
  /** Allowed actions in display order; disabled ones are shown but inactive (first/last for moves). */
  actions: { action: PhotoAction; disabled?: boolean }[];
  busy: boolean;
  onAction: (action: PhotoAction) => void;
}

const TONES = {
  info: 'bg-grey-50 text-grey-600',
  warning: 'bg-warning-50 text-warning-800',
  success: 'bg-success-50 text-success-700',
};

export function PhotoCard(props: PhotoCardProps) {
  const { t } = useTranslation('config');
  const label = (action: PhotoAction) => t(`photos.actions.${action}`);
  return (
    <li className="card overflow-hidden" data-testid="photo-card">
      <div className="flex gap-3 p-3">
        <div className="w-28 shrink-0 overflow-hidden rounded-lg bg-grey-50">
          {props.thumbnail ? (
            <img
              src={props.thumbnail}
              alt={props.name}
              loading="lazy"
              decoding="async"
              className="block h-auto w-full object-cover"
              style={{ aspectRatio: String(props.aspect) }}
            />
          ) : (
            <div style={{ aspectRatio: String(props.aspect) }} />
          )}
        </div>
        <div className="min-w-0 flex-1">
          <p className="font-semibold break-words">{props.name}</p>
          {props.badges.length > 0 && (
            <ul className="mt-1 flex flex-wrap gap-1">
              {props.badges.map((badge) => (
                <li
                  key={badge.text}
                  className={`rounded-full px-2 py-0.5 text-small font-semibold ${TONES[badge.tone]}`}
                >
                  {badge.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {props.actions.length > 0 && (
        <div
          role="group"
          aria-label={t('photos.actionsFor', { name: props.name })}
          className="flex flex-wrap gap-1 border-t border-grey-200 px-2 py-1"
        >
          {props.actions.map(({ action, disabled }) =>
            action === 'moveUp' || action === 'moveDown' ? (
              <button
                key={action}
                type="button"
                className="btn-ghost px-3"
                aria-label={label(action)}
                title={label(action)}
                disabled={disabled || props.busy}
                onClick={() => props.onAction(action)}
              >
                {ICONS[action]}
              </button>
            ) : (
              <button
                key={action}
                type="button"
                className={action === 'delete' ? 'btn-ghost px-3 text-error-700' : 'btn-ghost px-3'}
                disabled={disabled || props.busy}
                onClick={() => props.onAction(action)}
              >
                {ICONS[action]}
                {label(action)}
              </button>
            ),
          )}
        </div>
      )}
    </li>
  );
}
