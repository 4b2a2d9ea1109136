/**
 * CSV exports of the back office (admin.md ADM-700): UTF-8 with BOM, a header row, instants as ISO 8601
 * with `+03:00`, and text cells that a spreadsheet would run as a formula made inert with a leading `'`.
 * Numbers are written as plain numbers (a negative amount is data, not a formula).
 */

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

export const CSV_BOM = '\uFEFF';

/** A cell value: text is guarded; numbers and instants are formatted as ADM-700 says. */
export type CsvCell = string | number | Date | boolean | null | undefined;

/**
 * ADM-700 names = + - @; tab and carriage return also start formulas in some spreadsheet programs
 * (OWASP "CSV injection"), so they are guarded too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** An instant in EAT with its offset: 2026-08-21T14:30:00+03:00. */
export function isoEat(at: Date): string {
  return `${new Date(at.getTime() + EAT_OFFSET_MS).toISOString().slice(0, 19)}+03:00`;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return isoEat(value);
  return quote(guardFormula(value));
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** ADM-700: tafuta-{dataset}-{YYYYMMDD-HHmm}.csv, in EAT. */
export function exportFileName(dataset: string, at: Date = new Date()): string {
  const local = new Date(at.getTime() + EAT_OFFSET_MS).toISOString();
  const stamp = `${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}-${local.slice(11, 13)}${local.slice(14, 16)}`;
  return `tafuta-${dataset}-${stamp}.csv`;
}
