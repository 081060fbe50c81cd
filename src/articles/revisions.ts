import { diffArrays } from 'diff';
import { toIso, toIsoOrNull } from '../shared/time.js';
import type { BlockInput } from './articles.schemas.js';
import type { ArticleRecord } from './articles.store.js';
import type { ArticleStatus } from './publishing.js';

// Revisions: what is stored for each write of an article, the fields it changed, and the difference between two.
// Pure functions: the articles store writes and reads the rows (articles.sqlite.ts, revisions.sqlite.ts).

export const CORRECTION_TYPES = ['correction', 'clarification'] as const;
export type CorrectionType = (typeof CORRECTION_TYPES)[number];

/** A correction notice as stored in articles.corrections (createdAt in epoch milliseconds). */
export type StoredCorrection = { id: string; type: CorrectionType; text: string; createdAt: number };

/** A correction notice as the API shows it. */
export type Correction = { id: string; type: CorrectionType; text: string; createdAt: string };

export function parseCorrections(json: string): StoredCorrection[] {
  return JSON.parse(json) as StoredCorrection[];
}

export function toCorrections(json: string): Correction[] {
  // NOTE: '[]' is what nearly every article holds: no parse for it (this runs for every list card).
  if (json === '[]') return [];
  return parseCorrections(json).map((c) => ({ id: c.id, type: c.type, text: c.text, createdAt: toIso(c.createdAt) }));
}

/** The fields a revision's `changed` names, in the contract's order, with the column each is stored in. */
export const REVISION_FIELDS = {
  slug: 'slug',
  headline: 'headline',
  standfirst: 'standfirst',
  section: 'section',
  tags: 'tags',
  byline: 'byline',
  body: 'body',
  leadImageId: 'leadImageId',
  status: 'status',
  publishedAt: 'publishedAt',
  corrections: 'corrections',
} as const satisfies Record<string, keyof ArticleRecord>;

export type RevisionField = keyof typeof REVISION_FIELDS;
const FIELD_NAMES = Object.keys(REVISION_FIELDS) as RevisionField[];

/** The content a revision stores: the article's columns that a revision covers. */
export type RevisionContent = Pick<ArticleRecord, (typeof REVISION_FIELDS)[RevisionField]>;

const isEmpty = (value: unknown) => value === null || value === '' || value === '[]';

/**
 * The fields whose value differs between two states of an article (tags, body and corrections compare as the JSON
 * text they are stored as, which is canonical: the server writes it); for the first revision (`previous` null),
 * the fields whose value is not null or empty.
 */
export function changedFields(previous: RevisionContent | null, next: RevisionContent): RevisionField[] {
  return FIELD_NAMES.filter((field) => {
    const column = REVISION_FIELDS[field];
    return previous === null ? !isEmpty(next[column]) : previous[column] !== next[column];
  });
}

/**
 * A revision as read, with its snapshot: the stored one, or, for the newest revision (whose snapshot SQLite keeps
 * only in the article row: schema.ts, article_revisions), the article's content now.
 */
export function withSnapshot<R extends { snapshot: string | null }>(
  row: R,
  article: RevisionContent,
): Omit<R, 'snapshot'> & { snapshot: string } {
  return { ...row, snapshot: row.snapshot ?? snapshotText(article) };
}

/**
 * The stored snapshot: the revision's content as JSON text, in the stored shape (times in milliseconds). Built by
 * concatenation: tags, body and corrections are already JSON, so a write does not parse and re-serialize a body.
 */
export function snapshotText(row: RevisionContent): string {
  return `{"slug":${JSON.stringify(row.slug)},"headline":${JSON.stringify(row.headline)},"standfirst":${JSON.stringify(row.standfirst)},"section":${JSON.stringify(row.section)},"tags":${row.tags},"byline":${JSON.stringify(row.byline)},"body":${row.body},"leadImageId":${JSON.stringify(row.leadImageId)},"status":${JSON.stringify(row.status)},"publishedAt":${JSON.stringify(row.publishedAt)},"corrections":${row.corrections}}`;
}

type StoredSnapshot = {
  slug: string;
  headline: string;
  standfirst: string | null;
  section: string | null;
  tags: string[];
  byline: string | null;
  body: BlockInput[];
  leadImageId: string | null;
  status: ArticleStatus;
  publishedAt: number | null;
  corrections: StoredCorrection[];
};

/** A revision's `article`: the write-body shape, plus id, status, publishedAt and corrections as they then were. */
export type RevisionArticle = Omit<StoredSnapshot, 'publishedAt' | 'corrections'> & {
  id: string;
  publishedAt: string | null;
  corrections: Correction[];
};

export function toRevisionArticle(articleId: string, snapshot: string): RevisionArticle {
  const s = JSON.parse(snapshot) as StoredSnapshot;
  return {
    id: articleId,
    slug: s.slug,
    headline: s.headline,
    standfirst: s.standfirst,
    section: s.section,
    tags: s.tags,
    byline: s.byline,
    body: s.body,
    leadImageId: s.leadImageId,
    status: s.status,
    publishedAt: toIsoOrNull(s.publishedAt),
    corrections: s.corrections.map((c) => ({ ...c, createdAt: toIso(c.createdAt) })),
  };
}

/** The images and quotes a revision names that are not in `existing` (a restore cannot bring them back). */
export function missingReferences(
  article: Pick<RevisionArticle, 'leadImageId' | 'body'>,
  existing: { images: ReadonlySet<string>; quotes: ReadonlySet<string> },
): Array<{ type: 'image' | 'quote'; id: string }> {
  const missing: Array<{ type: 'image' | 'quote'; id: string }> = [];
  const seen = new Set<string>();
  const note = (type: 'image' | 'quote', id: string) => {
    const known = type === 'image' ? existing.images : existing.quotes;
    if (known.has(id) || seen.has(`${type}:${id}`)) return;
    seen.add(`${type}:${id}`);
    missing.push({ type, id });
  };
  if (article.leadImageId !== null) note('image', article.leadImageId);
  for (const block of article.body) {
    if (block.type === 'image') note('image', block.imageId);
    else if (block.type === 'quote') note('quote', block.quoteId);
  }
  return missing;
}

export type BlockChange =
  | { change: 'unchanged'; from: number; to: number; block: BlockInput }
  | { change: 'changed'; from: number; to: number; before: BlockInput; after: BlockInput }
  | { change: 'removed'; from: number; before: BlockInput }
  | { change: 'added'; to: number; after: BlockInput };

/**
 * The body of `b` against the body of `a`, block by block, in reading order: the longest common sequence of equal
 * blocks (jsdiff's diffArrays) is `unchanged`; a run of removed blocks followed by a run of added ones is paired
 * up as `changed` (a paragraph edited in place), and what is left over is `removed` or `added`. `from` and `to`
 * are block indexes in `a` and `b`.
 */
export function diffBlocks(a: readonly BlockInput[], b: readonly BlockInput[]): BlockChange[] {
  const parts = diffArrays(
    a.map((block) => JSON.stringify(block)),
    b.map((block) => JSON.stringify(block)),
  );
  const out: BlockChange[] = [];
  let i = 0;
  let j = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const count = part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < count; k++) out.push({ change: 'unchanged', from: i + k, to: j + k, block: a[i + k]! });
      i += count;
      j += count;
    } else if (part.removed) {
      const next = parts[p + 1];
      const added = next?.added ? next.value.length : 0;
      const paired = Math.min(count, added);
      for (let k = 0; k < paired; k++) {
        out.push({ change: 'changed', from: i + k, to: j + k, before: a[i + k]!, after: b[j + k]! });
      }
      for (let k = paired; k < count; k++) out.push({ change: 'removed', from: i + k, before: a[i + k]! });
      for (let k = paired; k < added; k++) out.push({ change: 'added', to: j + k, after: b[j + k]! });
      i += count;
      j += added;
      if (added > 0) p++;
    } else {
      for (let k = 0; k < count; k++) out.push({ change: 'added', to: j + k, after: b[j + k]! });
      j += count;
    }
  }
  return out;
}

export type RevisionDiff = {
  from: number;
  to: number;
  changed: RevisionField[];
  fields: Array<{ field: Exclude<RevisionField, 'body'>; from: unknown; to: unknown }>;
  body: BlockChange[] | null;
};

/** What changed from revision `a` to revision `b` (either may be the older one). */
export function diffRevisions(
  a: { revision: number; article: RevisionArticle },
  b: { revision: number; article: RevisionArticle },
): RevisionDiff {
  const changed = FIELD_NAMES.filter((field) => JSON.stringify(a.article[field]) !== JSON.stringify(b.article[field]));
  return {
    from: a.revision,
    to: b.revision,
    changed,
    fields: changed
      .filter((field): field is Exclude<RevisionField, 'body'> => field !== 'body')
      .map((field) => ({ field, from: a.article[field], to: b.article[field] })),
    body: changed.includes('body') ? diffBlocks(a.article.body, b.article.body) : null,
  };
}
