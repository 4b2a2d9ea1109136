import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/States';
import { formatLocalPhone, normaliseKenyanMobile, telLink, whatsappLink } from '../../lib/phone';
import { usePublicSettings } from '../../lib/queries';

/** UI-STAT-03: office details from the public system settings; refunds and deletion in person. */
export default function ContactPage() {
  const { t } = useTranslation();
  const settings = usePublicSettings();
  const values = settings.data?.settings ?? {};
  const phone = values.tafuta_support_phone || null;
  const whatsapp = values.tafuta_support_whatsapp || null;
  const whatsappE164 = whatsapp ? normaliseKenyanMobile(whatsapp) : null;
  const email = values.tafuta_support_email || null;
  const rows: { label: string; value: React.ReactNode }[] = [
    { label: t('contact.office'), value: values.tafuta_office_address || null },
    { label: t('contact.hours'), value: values.tafuta_office_hours || null },
    {
      label: t('contact.phone'),
      value: phone ? (
        <a className="link" href={telLink(phone)}>
          {formatLocalPhone(phone)}
        </a>
      ) : null,
    },
    {
      label: t('contact.whatsapp'),
      value: whatsappE164 ? (
        <a className="link" href={whatsappLink(whatsappE164, '')} target="_blank" rel="noopener noreferrer">
          {formatLocalPhone(whatsappE164)}
        </a>
      ) : null,
    },
    {
      label: t('contact.email'),
      value: email ? (
        <a className="link" href={`mailto:${email}`}>
          {email}
        </a>
      ) : null,
    },
  ];
  return (
    <article className="page space-y-4 py-6">
      <title>{t('meta.pageTitle', { title: t('contact.title') })}</title>
      <h1 className="text-h1 font-bold">{t('contact.title')}</h1>
      {settings.error && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
      <dl className="space-y-3">
        {rows.map((row) => (
          <div key={row.label}>
            <dt className="text-small font-semibold text-grey-600">{row.label}</dt>
            <dd className="whitespace-pre-line">{row.value ?? t('contact.notSet')}</dd>
          </div>
        ))}
      </dl>
      <p className="rounded-2xl bg-brand-50 p-4">{t('contact.inPerson')}</p>
    </article>
  );
}
