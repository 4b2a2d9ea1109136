import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, exportFileName, guardFormula, isoEat } from './csv.js';

describe('CSV cells (ADM-700)', () => {
  it('makes every formula start inert with a leading quote', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(guardFormula(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    }
    expect(guardFormula('Mama Njeri')).toBe('Mama Njeri');
    expect(guardFormula("'already")).toBe("'already");
  });

  it('quotes commas, quotes and line breaks after guarding', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes numbers plainly, negative ones included, and blanks for null', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['x', 1, null, true])).toBe('x,1,,true\r\n');
  });

  it('writes instants in EAT with the offset, and names files in EAT', () => {
    const at = new Date('2026-08-21T11:30:05Z');
    expect(isoEat(at)).toBe('2026-08-21T14:30:05+03:00');
    expect(csvCell(at)).toBe('2026-08-21T14:30:05+03:00');
    expect(exportFileName('audit-logs', new Date('2026-08-21T22:05:00Z'))).toBe(
      'tafuta-audit-logs-20260822-0105.csv',
    );
  });
});
