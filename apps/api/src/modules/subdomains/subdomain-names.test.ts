import { describe, expect, it } from 'vitest';
import { judgeName, normaliseSubdomain, slugWords, suggestionCandidates } from './subdomain-names.js';

describe('normaliseSubdomain (UI-SUB-02)', () => {
  it('lower-cases and turns spaces into hyphens', () => {
    expect(normaliseSubdomain('  Doreen Beauty ')).toBe('doreen-beauty');
    expect(normaliseSubdomain('Mama  Njeri')).toBe('mama-njeri');
  });
});

describe('judgeName', () => {
  it.each(['doreen', 'abc', 'a1b', 'doreen-beauty-2', 'x'.repeat(30)])('accepts %s', (name) => {
    expect(judgeName(name)).toBe('ok');
  });

  it.each([
    ['ab', 'too short'],
    ['x'.repeat(31), 'too long'],
    ['-doreen', 'leading hyphen'],
    ['doreen-', 'trailing hyphen'],
    ['doreen--beauty', 'double hyphen'],
    ['doreen_beauty', 'underscore'],
    ['Doreen', 'upper case (not normalised)'],
    ['dorëen', 'accent'],
  ])('refuses %s (%s)', (name) => {
    expect(judgeName(name)).toBe('invalid');
  });

  it('refuses the fixed reserved labels, region slugs and the blocklist (UI-SUB-03)', () => {
    expect(judgeName('www')).toBe('reserved');
    expect(judgeName('admin')).toBe('reserved');
    expect(judgeName('ebiashara')).toBe('reserved');
    expect(judgeName('machakos', new Set(['machakos']))).toBe('reserved');
    expect(judgeName('machakos')).toBe('ok');
  });
});

describe('suggestions (UI-SUB-04)', () => {
  it('folds accents and drops apostrophes', () => {
    expect(slugWords("Mama Njeri's Café")).toEqual(['mama', 'njeris', 'cafe']);
  });

  it('offers the first word, with the town, joined, then numbered', () => {
    const names = suggestionCandidates({ name: 'Doreen Beauty', town: 'Machakos' });
    expect(names.slice(0, 6)).toEqual([
      'doreen',
      'doreen-machakos',
      'doreenbeauty',
      'doreen-beauty',
      'doreen-beauty-machakos',
      'doreen-2',
    ]);
    expect(names).toContain('doreen-3');
  });

  it('leaves out reserved and malformed names and cuts long ones to 30 characters', () => {
    const names = suggestionCandidates({ name: 'Support', town: 'Nairobi' }, new Set(['nairobi']));
    expect(names).not.toContain('support');
    expect(names[0]).toBe('support-nairobi');
    const long = suggestionCandidates({ name: 'Supercalifragilisticexpialidocious Salon' });
    for (const name of long) {
      expect(name.length).toBeLessThanOrEqual(30);
      expect(judgeName(name)).toBe('ok');
    }
  });

  it('leans a too-short first word on the next one', () => {
    expect(suggestionCandidates({ name: 'MJ Electronics' })[0]).toBe('mjelectronics');
  });

  it('gives nothing for a name without letters or digits', () => {
    expect(suggestionCandidates({ name: '!!!' })).toEqual([]);
  });
});
