import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EmailMessage } from '../../integrations/email/provider.js';
import { loadReceiptDocument } from './receipt-document.js';
import { receiptFilename, renderReceiptPdf } from './receipt-pdf.js';

/**
 * The PDFs an outbox email carries (PAY-300: `notification_log.attachments = {receipt_ids}`), drawn when
 * the message is sent, never stored (PAY-224). A receipt id that no longer resolves is left out rather
 * than holding the email back.
 */
export async function receiptAttachments(
  db: Kysely<Database>,
  attachments: unknown,
): Promise<NonNullable<EmailMessage['attachments']>> {
  const parsed = typeof attachments === 'string' ? (JSON.parse(attachments) as unknown) : attachments;
  const ids = (parsed as { receipt_ids?: unknown } | null)?.receipt_ids;
  if (!Array.isArray(ids)) return [];
  const files: NonNullable<EmailMessage['attachments']> = [];
  for (const id of ids) {
    if (typeof id !== 'string') continue;
    const document = await loadReceiptDocument(db, id);
    if (!document) continue;
    files.push({
      filename: receiptFilename(document.receiptNumber),
      content: await renderReceiptPdf(document),
      contentType: 'application/pdf',
    });
  }
  return files;
}
