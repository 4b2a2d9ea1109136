import { Camera, UserRound } from 'lucide-react';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { uploadPhoto, type AccountProfile } from './account-api';

/** UI-ACC-01 / media.md §16: JPEG or PNG up to 2 MB; the server keeps a 256 px square, centred. */
const MAX_BYTES = 2 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png'];

export function AccountPhoto(props: { profile: AccountProfile; onSaved: (profile: AccountProfile) => void }) {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const url = props.profile.profile_photo_url;

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await action();
      props.onSaved({ ...props.profile, profile_photo_url: next });
      setMessage({ tone: 'ok', text: t('account.photo.saved') });
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(tDefault, error) });
    } finally {
      setBusy(false);
    }
  };

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!TYPES.includes(file.type)) return setMessage({ tone: 'error', text: t('account.photo.wrongType') });
    if (file.size > MAX_BYTES) return setMessage({ tone: 'error', text: t('account.photo.tooLarge') });
    void run(() => uploadPhoto(file));
  };

  return (
    <div className="flex items-center gap-4">
      {url ? (
        <img src={url} alt={t('account.photo.alt')} className="size-20 shrink-0 rounded-full object-cover" />
      ) : (
        <span className="flex size-20 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-700">
          <UserRound size={36} aria-hidden="true" />
        </span>
      )}
      <div className="space-y-2">
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png"
          className="sr-only"
          tabIndex={-1}
          onChange={pick}
          aria-hidden="true"
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn-secondary"
            disabled={busy}
            onClick={() => input.current?.click()}
          >
            <Camera size={18} aria-hidden="true" />
            {busy ? t('account.working') : url ? t('account.photo.change') : t('account.photo.add')}
          </button>
          {url && (
            <button
              type="button"
              className="btn-ghost"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await apiSend('DELETE', '/users/me/photo');
                  return null;
                })
              }
            >
              {t('account.photo.remove')}
            </button>
          )}
        </div>
        <p className="text-small text-grey-600">{t('account.photo.hint')}</p>
        <p
          aria-live="polite"
          className={`text-small font-semibold ${message?.tone === 'error' ? 'text-error-700' : 'text-success-700'}`}
        >
          {message?.text}
        </p>
      </div>
    </div>
  );
}
