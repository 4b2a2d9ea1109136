import { BadgeCheck, Star } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Hours } from '../lib/api-types';
import { formatClock, openStatus } from '../lib/hours';
import { initialsOf } from '../lib/text';

/** UI-DS-12 / UI-CARD-01: logo, or the initials avatar when there is none (no image download). */
export function BusinessLogo({ name, url, size }: { name: string; url: string | null; size: number }) {
  const { t } = useTranslation();
  const style = { width: size, height: size };
  if (url) {
    return (
      <img
        src={url}
        alt={t('card.logoAlt', { name })}
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
        style={style}
        className="shrink-0 rounded-xl bg-grey-50 object-cover"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      style={style}
      className="flex shrink-0 items-center justify-center rounded-xl bg-brand-50 text-h2 font-bold text-brand-700"
    >
      {initialsOf(name)}
    </span>
  );
}

/** UI-VIS-05 / UI-DS-10: Verified check mark, or the gold Premium star; never colour alone. */
export function TrustBadge({ badge }: { badge: 'verified' | 'premium' | null }) {
  const { t } = useTranslation();
  if (badge === 'premium') {
    return (
      <span className="inline-flex items-center gap-1 text-small font-semibold text-gold-800">
        <Star size={16} aria-hidden="true" className="fill-gold-500 text-gold-800" />
        {t('card.premium')}
      </span>
    );
  }
  if (badge === 'verified') {
    return (
      <span className="inline-flex items-center gap-1 text-small font-semibold text-brand-700">
        <BadgeCheck size={16} aria-hidden="true" />
        {t('card.verified')}
      </span>
    );
  }
  return null;
}

/** UI-CARD-03: open status in EAT, in the language's clock; hidden without hours. */
export function OpenStatusLine({ hours, now }: { hours: Hours | null; now: Date }) {
  const { t, i18n } = useTranslation();
  const status = openStatus(hours, now);
  if (!status) return null;
  const lang = i18n.resolvedLanguage ?? 'en';
  if (status.state === 'open24') {
    return <p className="text-small font-semibold text-success-700">{t('hours.open24')}</p>;
  }
  if (status.state === 'open') {
    return (
      <p className="text-small font-semibold text-success-700">
        {t('hours.openCloses', { time: formatClock(status.closesAt, lang) })}
      </p>
    );
  }
  let text = t('hours.closed');
  if (status.opensAt) {
    const time = formatClock(status.opensAt, lang);
    if (status.opensDay === null) text = t('hours.closedOpens', { time });
    else if (status.opensDay === 'tomorrow') text = t('hours.closedOpensTomorrow', { time });
    else text = t('hours.closedOpensDay', { time, day: t(`hours.days.${status.opensDay}`) });
  }
  return <p className="text-small text-grey-600">{text}</p>;
}
