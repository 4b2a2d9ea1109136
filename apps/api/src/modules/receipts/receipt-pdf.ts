import PDFDocument from 'pdfkit';
import { formatDisplayDate, formatNairobiDateTime, lastServiceDate } from '../../lib/nairobi-date.js';
import { SERVICE_NAMES } from '../subscriptions/service-names.js';
import type { ReceiptDocument } from './receipt-document.js';

/**
 * The receipt as a PDF (PAY-225 purchase, PAY-262 refund / credit note), drawn with pdfkit's built-in
 * Helvetica so no font files ship. A4 with one table per receipt; the text stays selectable, which is
 * what accountants (and the tests, through pdf-parse) read.
 *
 * KRA fields (PAY-228) print when set. No QR library is installed, so the verification URL is printed as
 * text under "Verify at"; a QR image can be added where that line is drawn once one is.
 */

const PAGE_MARGIN = 40;
const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN;

/** 139200 → "1,392.00" (the admin money style of PAY-002, without the currency: the footer names it). */
export function kes(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** '0.16' → '16%'. */
export function percent(rate: string): string {
  const value = Number(rate) * 100;
  return `${Number.isInteger(value) ? value : value.toFixed(2)}%`;
}

function period(start: string | null, end: string | null): string {
  if (!start || !end) return '-';
  return `${formatDisplayDate(start)} - ${formatDisplayDate(lastServiceDate(end))}`;
}

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]): void {
  const startX = PAGE_MARGIN;
  const drawRow = (cells: string[], bold: boolean) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    let x = startX;
    let height = 0;
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      const options = { width: column.width - 4, align: column.align ?? 'left' } as const;
      height = Math.max(height, doc.heightOfString(cell, options));
      doc.text(cell, x, y, options);
      x += column.width;
    });
    doc.y = y + height + 4;
    doc.x = startX;
  };
  drawRow(
    columns.map((column) => column.title),
    true,
  );
  doc
    .moveTo(startX, doc.y - 2)
    .lineTo(startX + CONTENT_WIDTH, doc.y - 2)
    .stroke();
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.5);
}

function keyValues(doc: PDFKit.PDFDocument, pairs: [string, string | null | undefined][]): void {
  for (const [key, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    doc.font('Helvetica-Bold').fontSize(9).text(`${key}: `, { continued: true });
    doc.font('Helvetica').text(value);
  }
}

function header(doc: PDFKit.PDFDocument, receipt: ReceiptDocument, title: string): void {
  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.moveDown(0.3);
  const seller = receipt.seller;
  doc.font('Helvetica-Bold').fontSize(11).text(seller.legal_name);
  doc.font('Helvetica').fontSize(9);
  keyValues(doc, [
    ['KRA PIN', seller.kra_pin],
    ['VAT registration number', seller.vat_number],
    ['Address', seller.address],
    ['Company registration number', seller.registration_number],
  ]);
  doc.moveDown(0.6);
  keyValues(doc, [
    ['Receipt number', receipt.receiptNumber],
    ['Date and time of issue', formatNairobiDateTime(receipt.issuedAt)],
  ]);
}

function buyerBlock(doc: PDFKit.PDFDocument, receipt: ReceiptDocument): void {
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(10).text('Customer');
  keyValues(doc, [
    ['Business', receipt.buyer.business_name],
    ['Paid by', receipt.buyer.payer_name],
    ['Phone', receipt.buyer.payer_phone_masked],
    ['Buyer KRA PIN', receipt.buyer.buyer_kra_pin],
  ]);
  doc.moveDown(0.6);
}

function kraBlock(doc: PDFKit.PDFDocument, receipt: ReceiptDocument): void {
  if (!receipt.kra) return;
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(10).text('KRA electronic tax invoice');
  keyValues(doc, [
    ['CU serial number', receipt.kra.cuSerialNumber],
    ['CU invoice number', receipt.kra.cuInvoiceNumber],
    ['Signed at', receipt.kra.signedAt ? formatNairobiDateTime(receipt.kra.signedAt) : null],
    ['Verify at', receipt.kra.verificationUrl],
  ]);
}

function footer(doc: PDFKit.PDFDocument, receipt: ReceiptDocument): void {
  doc.moveDown(1);
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(
      `Prices in KES. Questions about this receipt? Call Tafuta support${receipt.supportPhone ? ` on ${receipt.supportPhone}` : ''}.`,
      PAGE_MARGIN,
      doc.y,
      { width: CONTENT_WIDTH },
    );
}

function purchaseBody(doc: PDFKit.PDFDocument, receipt: ReceiptDocument): void {
  const purchase = receipt.purchase!;
  keyValues(doc, [
    ['Payment method', purchase.paymentMethod],
    ['Confirmation code', purchase.confirmationCode],
    ['Merchant reference', purchase.merchantReference],
  ]);
  buyerBlock(doc, receipt);
  const vatRate = percent(receipt.vatRate);
  drawTable(
    doc,
    [
      { title: 'Service', width: 70 },
      { title: 'Months', width: 30, align: 'right' },
      { title: 'Period', width: 88 },
      { title: 'Unit price', width: 44, align: 'right' },
      { title: 'Disc. %', width: 30, align: 'right' },
      { title: 'Discount', width: 44, align: 'right' },
      { title: 'Net', width: 48, align: 'right' },
      { title: 'VAT rate', width: 34, align: 'right' },
      { title: 'VAT', width: 44, align: 'right' },
      { title: 'Total', width: 83, align: 'right' },
    ],
    purchase.lines.map((line) => [
      SERVICE_NAMES.en[line.serviceType],
      String(line.months),
      period(line.periodStart, line.periodEnd),
      kes(line.unitPriceCents),
      line.discountPercentage === null ? '0%' : `${line.discountPercentage}%`,
      kes(line.discountCents),
      kes(line.netCents),
      vatRate,
      kes(line.vatCents),
      kes(line.totalCents),
    ]),
  );
  keyValues(doc, [
    ['Net', kes(receipt.netCents)],
    [`VAT ${vatRate}`, kes(receipt.vatCents)],
    ['Total paid', `KES ${kes(receipt.amountCents)}`],
  ]);
}

function refundBody(doc: PDFKit.PDFDocument, receipt: ReceiptDocument): void {
  const refund = receipt.refund!;
  keyValues(doc, [
    ['Refund request', refund.requestNumber],
    ['Refunds receipts', refund.relatedReceiptNumbers.join(', ')],
    ['Payment method', 'Cash'],
  ]);
  buyerBlock(doc, receipt);
  drawTable(
    doc,
    [
      { title: 'Service', width: 95 },
      { title: 'Months', width: 40, align: 'right' },
      { title: 'Period removed', width: 140 },
      { title: 'Net', width: 80, align: 'right' },
      { title: 'VAT reversed', width: 80, align: 'right' },
      { title: 'Gross', width: 80, align: 'right' },
    ],
    refund.lines.map((line) => [
      SERVICE_NAMES.en[line.serviceType],
      String(line.months),
      period(line.periodStart, line.periodEnd),
      kes(line.netCents),
      kes(line.vatCents),
      kes(line.grossCents),
    ]),
  );
  const vatRate = percent(receipt.vatRate);
  keyValues(doc, [
    ['Refund amount (incl. VAT)', kes(refund.refundAmountCents)],
    ['VAT reversed', kes(refund.vatReversedCents)],
    [
      'Less processing fee',
      `${kes(refund.feeCents)} (net ${kes(refund.feeCents - refund.feeVatCents)}, VAT ${vatRate} ${kes(refund.feeVatCents)})`,
    ],
    ['Cash paid', `KES ${kes(refund.cashPaidCents)}`],
    ['Paid at', refund.paidAt ? formatNairobiDateTime(refund.paidAt) : null],
    ['Paid by', refund.paidBy],
  ]);
}

/** The PDF bytes of one receipt. */
export function renderReceiptPdf(receipt: ReceiptDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    info: { Title: `Tafuta receipt ${receipt.receiptNumber}`, Author: receipt.seller.legal_name },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, receipt, receipt.kind === 'purchase' ? 'Tax receipt' : 'Refund receipt / credit note');
  doc.moveDown(0.3);
  if (receipt.kind === 'purchase' && receipt.purchase) purchaseBody(doc, receipt);
  if (receipt.kind === 'refund' && receipt.refund) refundBody(doc, receipt);
  kraBlock(doc, receipt);
  footer(doc, receipt);
  doc.end();
  return done;
}

/** `TFT-2026-00001.pdf`: the number is all [A-Z0-9-], so it needs no quoting beyond the header's own. */
export const receiptFilename = (receiptNumber: string) => `${receiptNumber}.pdf`;
