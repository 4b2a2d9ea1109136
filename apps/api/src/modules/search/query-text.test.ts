import { describe, expect, it } from 'vitest';
import { searchText } from './query-text.js';

describe('searchText', () => {
  it('folds accents and case and builds prefix terms', () => {
    expect(searchText('  Gĩkũyũ   Salon ')).toEqual({
      words: ['gikuyu', 'salon'],
      anywhere: 'gikuyu:* & salon:*',
      namePrefix: 'gikuyusalon',
      phrase: 'gikuyu salon',
    });
  });

  it.each([
    [`'; drop table businesses; --`, ['drop', 'table', 'businesses']],
    ['a & b | !c', ['a', 'b', 'c']],
    [':*', []],
    ['\\\\', []],
    ['"quoted" (words) <-> x:*A', ['quoted', 'words', 'x', 'a']],
    ['🔥💇‍♀️ salon 🔥', ['salon']],
    ['tab\tnew\u000bline\u0007bell', ['tab', 'new', 'line', 'bell']],
  ])('keeps only letters and digits of %j', (q, words) => {
    const text = searchText(q);
    expect(text?.words ?? []).toEqual(words);
    for (const term of [text?.anywhere ?? '']) {
      expect(term).toMatch(/^([\p{L}\p{N}]+:\*(AB)?( & )?)*$/u);
    }
  });

  it('treats a query with nothing searchable as no query', () => {
    expect(searchText(undefined)).toBeNull();
    expect(searchText('   ')).toBeNull();
    expect(searchText('!!! ::: ***')).toBeNull();
  });

  it('bounds the number and length of words', () => {
    const text = searchText(`${'x'.repeat(500)} ${'a b c d e f g h i j k'}`);
    expect(text?.words.length).toBe(8);
    expect(text?.words[0]?.length).toBe(40);
  });
});
