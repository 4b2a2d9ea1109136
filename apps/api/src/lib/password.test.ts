import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password.js';

describe('passwordProblems (PWD-01, TST-05)', () => {
  it('accepts a password that meets every rule', () => {
    expect(passwordProblems('Passw0rd!')).toEqual([]);
  });

  it.each([
    ['min_length', 'Pa1!abc'],
    ['uppercase', 'passw0rd!'],
    ['digit', 'Password!'],
    ['special', 'Passw0rd'],
  ])('fails %s on its own', (rule, password) => {
    expect(passwordProblems(password)).toEqual([rule]);
  });

  it('fails max_length on its own', () => {
    expect(passwordProblems(`Pa1!${'x'.repeat(69)}`)).toEqual(['max_length']);
  });

  it('lists every broken rule', () => {
    expect(passwordProblems('abc')).toEqual(['min_length', 'uppercase', 'digit', 'special']);
    expect(passwordProblems('')).toEqual(['min_length', 'uppercase', 'digit', 'special']);
  });

  it('counts length in UTF-8 bytes: 72 passes, 73 fails', () => {
    const ascii72 = `Pa1!${'x'.repeat(68)}`;
    expect(Buffer.byteLength(ascii72)).toBe(72);
    expect(passwordProblems(ascii72)).toEqual([]);
    expect(passwordProblems(`${ascii72}x`)).toEqual(['max_length']);

    // 70 ASCII characters and one 3-byte character: 71 characters but 73 bytes.
    const multibyte73 = `Pa1!${'x'.repeat(66)}€`;
    expect(Buffer.byteLength(multibyte73)).toBe(73);
    expect(passwordProblems(multibyte73)).toEqual(['max_length']);
    expect(passwordProblems(`Pa1!${'x'.repeat(65)}€`)).toEqual([]);
  });

  it('counts the minimum in bytes too', () => {
    // Seven characters, eight bytes.
    expect(passwordProblems('Pa1!abé')).toEqual([]);
  });

  it('takes only A–Z as upper case and 0–9 as digits', () => {
    expect(passwordProblems('ÉléphantX1!')).toEqual([]);
    expect(passwordProblems('Éléphant1!')).toEqual(['uppercase']);
    expect(passwordProblems('Password٣!')).toEqual(['digit']);
  });

  it('treats Unicode letters, including combining marks, as letters and not as special', () => {
    expect(passwordProblems('Passwordé1')).toEqual(['special']);
    expect(passwordProblems('Passworde\u03011')).toEqual(['special']);
    expect(passwordProblems('Пароль12A')).toEqual(['special']);
  });

  it('counts spaces, punctuation and symbols as special', () => {
    expect(passwordProblems('Password 1')).toEqual([]);
    expect(passwordProblems('Password_1')).toEqual([]);
    expect(passwordProblems('Password1🙂')).toEqual([]);
  });
});

describe('passwordProblems for staff (ADM-031)', () => {
  const staff = { staff: true, email: 'wanjiru.k@tafuta.ke' };

  it('needs 12 characters: 11 fails, 12 passes', () => {
    expect(passwordProblems('Passw0rd!ab', staff)).toEqual(['min_length']);
    expect(passwordProblems('Passw0rd!abc', staff)).toEqual([]);
  });

  it('counts characters, not bytes, for the staff minimum', () => {
    // Eleven characters but more than twelve bytes.
    expect(passwordProblems('Pässwörd1!é', staff)).toEqual(['min_length']);
    expect(passwordProblems('Pässwörd1!éé', staff)).toEqual([]);
  });

  it('refuses the login email local part, whatever the case', () => {
    expect(passwordProblems('Wanjiru.K2026!', staff)).toEqual(['contains_email']);
    expect(passwordProblems('xxWANJIRU.Kxx1!', staff)).toEqual(['contains_email']);
  });

  it('ignores local parts shorter than 3 characters', () => {
    expect(passwordProblems('Jo-Password-1', { staff: true, email: 'jo@tafuta.ke' })).toEqual([]);
  });

  it('does not apply the staff rules to public users', () => {
    expect(passwordProblems('Wanjiru.K1!', { email: 'wanjiru.k@tafuta.ke' })).toEqual([]);
    expect(passwordProblems('Passw0rd!ab')).toEqual([]);
  });
});
