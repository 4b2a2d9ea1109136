import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/config/receipts/:receiptId` (ui.md §2.3): opens the PDF. The download answers with
 * `Content-Disposition: attachment`, so the browser saves it and this page stays, offering the link
 * again; someone who may not see the receipt gets the server's plain "not found" (PAY-226).
 */
export default function ConfigReceiptPage() {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const { receiptId = '' } = useParams();
  const valid = UUID.test(receiptId);
  const href = `/api/receipts/${receiptId}/download`;

  useEffect(() => {
    if (valid) window.location.assign(href);
  }, [valid, href]);

  const title = t('services.receipt.title');
  return (
    <div className="page max-w-md space-y-4 py-6">
      <title>{tDefault('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {valid ? (
        <>
          <p role="status">{t('services.receipt.downloading')}</p>
          <a className="btn-primary" href={href}>
            {t('services.receipt.again')}
          </a>
        </>
      ) : (
        <p role="alert">{tDefault('errors.NOT_FOUND')}</p>
      )}
      <Link to="/config" className="btn-ghost">
        {t('services.receipt.back')}
      </Link>
    </div>
  );
}
