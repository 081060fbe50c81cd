import slugify from '@sindresorhus/slugify';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 200;
const GENERATED_SLUG_LENGTH = 80;

/**
 * A slug from a headline: accents stripped first of Latin letters (so "Zürich" gives "zurich", as English-language
 * sites write it, not the German "zuerich"; Cyrillic "й" keeps its own transliteration), then the library transliterates what has no combining marks (ß, Ł, Æ, Cyrillic…).
 * Cut at a word boundary to stay readable in a URL. Scripts with no Latin transliteration give "article".
 */
export function slugFromHeadline(headline: string): string {
  const latinWithoutAccents = headline
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
  const base = slugify(latinWithoutAccents, { decamelize: false });
  if (base === '') return 'article';
  if (base.length <= GENERATED_SLUG_LENGTH) return base;
  const cut = base.slice(0, GENERATED_SLUG_LENGTH + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, GENERATED_SLUG_LENGTH)).replace(/-+$/, '');
}

/** The first of `base`, `base-2`, `base-3`… that `taken` does not hold. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
