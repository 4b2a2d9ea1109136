import { Check, ChevronLeft, ChevronRight, Copy, X } from 'lucide-react';
import { Dialog, DialogPanel, DialogTitle } from '@headlessui/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicBusiness } from '../../lib/api-types';
import { formatClock, nairobiNow, WEEKDAYS } from '../../lib/hours';

/** UI-DET-02 Hours: the 7-day table, today highlighted, "Closed" days. */
export function HoursTable({ hours, now }: { hours: NonNullable<PublicBusiness['hours']>; now: Date }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const today = nairobiNow(now).day;
  return (
    <table className="w-full text-left">
      <tbody>
        {WEEKDAYS.map((day) => {
          const value = hours[day];
          const isToday = day === today;
          return (
            <tr key={day} className={isToday ? 'bg-brand-50 font-semibold' : ''}>
              <th scope="row" className="py-1 pl-2 font-normal">
                {t(`hours.days.${day}`)}
                {isToday && <span className="ml-1 text-small text-brand-700">{`(${t('hours.today')})`}</span>}
              </th>
              <td className="py-1 pr-2 text-right">
                {!value
                  ? '—'
                  : 'closed' in value
                    ? t('hours.closed')
                    : value.open === '00:00' && value.close === '24:00'
                      ? t('hours.open24')
                      : t('hours.range', {
                          open: formatClock(value.open, lang),
                          close: formatClock(value.close, lang),
                        })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** M-Pesa till / paybill with a copy button, so paying needs no retyping. */
export function MpesaBlock({ mpesa }: { mpesa: NonNullable<PublicBusiness['mpesa']> }) {
  const { t } = useTranslation();
  const rows = [
    { label: t('detail.till'), value: mpesa.till_number },
    { label: t('detail.paybill'), value: mpesa.paybill_number },
    { label: t('detail.account'), value: mpesa.paybill_account },
  ].filter((row): row is { label: string; value: string } => Boolean(row.value));
  if (rows.length === 0) return null;
  return (
    <dl className="space-y-2">
      {rows.map((row) => (
        <div key={row.label} className="flex items-center justify-between gap-2">
          <div>
            <dt className="text-small text-grey-600">{row.label}</dt>
            <dd className="text-h3 font-bold tracking-wide">{row.value}</dd>
          </div>
          <CopyButton label={row.label} value={row.value} />
        </div>
      ))}
    </dl>
  );
}

export async function copyText(value: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    return false;
  }
}

function CopyButton({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={t('detail.copyLabel', { label, value })}
      onClick={() => void copyText(value).then((ok) => setCopied(ok))}
      className="btn-secondary"
    >
      {copied ? <Check size={18} aria-hidden="true" /> : <Copy size={18} aria-hidden="true" />}
      <span aria-live="polite">{copied ? t('detail.copied') : t('detail.copy')}</span>
    </button>
  );
}

/** UI-DET-02 Gallery: `thumb` grid; a tap opens `medium` in a dialog (focus trap, Esc, next/previous). */
export function Gallery({ name, photos }: { name: string; photos: PublicBusiness['media']['gallery'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const altOf = (index: number) => photos[index]?.caption ?? t('detail.photoAlt', { name, n: index + 1 });
  const current = open === null ? null : photos[open];
  return (
    <>
      <ul className="grid grid-cols-3 gap-2">
        {photos.map((photo, index) => (
          <li key={photo.slug}>
            <button
              type="button"
              onClick={() => setOpen(index)}
              className="block w-full overflow-hidden rounded-xl"
            >
              <img
                src={photo.thumb_url}
                alt={altOf(index)}
                width={150}
                height={150}
                loading="lazy"
                decoding="async"
                className="aspect-square w-full bg-grey-50 object-cover"
              />
            </button>
          </li>
        ))}
      </ul>
      <Dialog
        open={current !== null && current !== undefined}
        onClose={() => setOpen(null)}
        className="relative z-40"
      >
        <div className="fixed inset-0 bg-ink/80" aria-hidden="true" />
        <div className="fixed inset-0 flex items-center justify-center p-2">
          <DialogPanel className="w-full max-w-160 rounded-2xl bg-white p-3">
            <div className="flex items-center justify-between">
              <DialogTitle className="font-semibold">
                {t('detail.photoCount', { n: (open ?? 0) + 1, total: photos.length })}
              </DialogTitle>
              <button
                type="button"
                onClick={() => setOpen(null)}
                aria-label={t('detail.closeViewer')}
                className="btn"
              >
                <X size={22} aria-hidden="true" />
              </button>
            </div>
            {current && (
              <figure>
                <img
                  src={current.url}
                  alt={altOf(open ?? 0)}
                  width={600}
                  height={450}
                  className="aspect-[4/3] w-full rounded-xl bg-grey-50 object-contain"
                />
                {current.caption && <figcaption className="mt-1 text-small">{current.caption}</figcaption>}
              </figure>
            )}
            <div className="mt-2 flex justify-between">
              <button
                type="button"
                className="btn-secondary"
                disabled={!open}
                onClick={() => setOpen((index) => Math.max(0, (index ?? 0) - 1))}
              >
                <ChevronLeft size={18} aria-hidden="true" />
                {t('detail.previous')}
              </button>
              <button
                type="button"
                className="btn-secondary"
                disabled={open === photos.length - 1}
                onClick={() => setOpen((index) => Math.min(photos.length - 1, (index ?? 0) + 1))}
              >
                {t('detail.next')}
                <ChevronRight size={18} aria-hidden="true" />
              </button>
            </div>
          </DialogPanel>
        </div>
      </Dialog>
    </>
  );
}
