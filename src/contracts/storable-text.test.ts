import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText } from './storable-text.js';

describe('text the database can store', () => {
  it('accepts ordinary Chinese, English and emoji', () => {
    expect(isStorableText('商品有质量问题 😀 refund please')).toBe(true);
  });

  it('refuses NUL and unpaired surrogates', () => {
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\uD83D')).toBe(false);
    expect(isStorableText('x\uDE00')).toBe(false);
  });

  it('points at the first bad string, keys included', () => {
    expect(findUnstorableText({ a: 'ok', lines: [{ note: 'x\u0000' }] })).toBe('/lines/0/note');
    expect(findUnstorableText({ ['k\u0000']: 1 }, '/body')).toBe('/body/k\\u0000');
    expect(findUnstorableText({ a: ['ok', 1, null] })).toBeUndefined();
  });
});
