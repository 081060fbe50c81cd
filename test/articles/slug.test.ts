// Contract: slugs made from headlines are URL-safe, transliterated, and suffixed -2, -3… only on a collision.
import { describe, expect, it } from 'vitest';
import { firstFreeSlug, SLUG_PATTERN, slugFromHeadline } from '../../src/articles/slug.js';

describe('slugFromHeadline', () => {
  it.each([
    ['Ukraine captures a North Korean soldier', 'ukraine-captures-a-north-korean-soldier'],
    ['Zürich: São Paulo & Łódź — déjà vu', 'zurich-sao-paulo-and-lodz-deja-vu'],
    ['Straße 100% NATO’s plan', 'strasse-100-natos-plan'],
    ['Зеленський заявив', 'zelenskiy-zayaviv'],
    ['북한', 'article'],
    ['   ---   ', 'article'],
  ])('%s → %s', (headline, slug) => {
    expect(slugFromHeadline(headline)).toBe(slug);
    expect(slugFromHeadline(headline)).toMatch(SLUG_PATTERN);
  });

  it('cuts long headlines at a word boundary, within 80 characters', () => {
    const slug = slugFromHeadline('word '.repeat(100));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug.endsWith('word')).toBe(true);
  });
});

describe('firstFreeSlug', () => {
  it('keeps a free slug and suffixes a taken one', () => {
    expect(firstFreeSlug('a', new Set())).toBe('a');
    expect(firstFreeSlug('a', new Set(['a']))).toBe('a-2');
    expect(firstFreeSlug('a', new Set(['a', 'a-2', 'a-3']))).toBe('a-4');
  });
});
