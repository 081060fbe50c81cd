// Contract: `changed` names exactly the fields that differ (for a first revision, those not null or empty), and the
// body difference lists every block of both bodies in reading order, pairing an edited block as `changed`.
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/articles/articles.store.js';
import {
  changedFields,
  diffBlocks,
  missingReferences,
  snapshotText,
  toRevisionArticle,
} from '../../src/articles/revisions.js';

const row = (over: Partial<ArticleRecord> = {}) =>
  ({
    slug: 's',
    headline: 'H',
    standfirst: null,
    section: null,
    tags: '[]',
    byline: null,
    body: '[]',
    leadImageId: null,
    status: 'draft',
    publishedAt: null,
    corrections: '[]',
    ...over,
  }) as ArticleRecord;

const p = (text: string) => ({ type: 'paragraph' as const, text });

describe('changedFields', () => {
  it('for a first revision: the fields that are not null or empty', () => {
    expect(changedFields(null, row())).toEqual(['slug', 'headline', 'status']);
    expect(changedFields(null, row({ standfirst: '', tags: '["a"]', publishedAt: 5 }))).toEqual([
      'slug',
      'headline',
      'tags',
      'status',
      'publishedAt',
    ]);
  });

  it('after that: exactly the fields that differ, in the contract order', () => {
    expect(changedFields(row(), row())).toEqual([]);
    expect(changedFields(row(), row({ corrections: '[{"id":"x"}]', leadImageId: 'I', standfirst: '' }))).toEqual([
      'standfirst',
      'leadImageId',
      'corrections',
    ]);
  });
});

describe('snapshots', () => {
  it('read back as the write-body shape with ISO times', () => {
    const stored = row({
      body: JSON.stringify([p('a "quoted" word')]),
      publishedAt: Date.UTC(2025, 0, 10, 9, 30),
      corrections: JSON.stringify([{ id: 'C', type: 'correction', text: 't', createdAt: 0 }]),
    });
    expect(toRevisionArticle('ID', snapshotText(stored))).toEqual({
      id: 'ID',
      slug: 's',
      headline: 'H',
      standfirst: null,
      section: null,
      tags: [],
      byline: null,
      body: [p('a "quoted" word')],
      leadImageId: null,
      status: 'draft',
      publishedAt: '2025-01-10T09:30:00.000Z',
      corrections: [{ id: 'C', type: 'correction', text: 't', createdAt: '1970-01-01T00:00:00.000Z' }],
    });
  });
});

describe('diffBlocks', () => {
  it('pairs removed and added runs as changed, and keeps reading order', () => {
    expect(diffBlocks([p('a'), p('b'), p('c')], [p('a'), p('B'), p('c'), p('d')])).toEqual([
      { change: 'unchanged', from: 0, to: 0, block: p('a') },
      { change: 'changed', from: 1, to: 1, before: p('b'), after: p('B') },
      { change: 'unchanged', from: 2, to: 2, block: p('c') },
      { change: 'added', to: 3, after: p('d') },
    ]);
    expect(diffBlocks([p('a'), p('b')], [])).toEqual([
      { change: 'removed', from: 0, before: p('a') },
      { change: 'removed', from: 1, before: p('b') },
    ]);
    expect(diffBlocks([p('x'), p('a')], [p('y'), p('z'), p('a')])).toEqual([
      { change: 'changed', from: 0, to: 0, before: p('x'), after: p('y') },
      { change: 'added', to: 1, after: p('z') },
      { change: 'unchanged', from: 1, to: 2, block: p('a') },
    ]);
  });
});

describe('missingReferences', () => {
  it('lists each missing image or quote once, lead image first', () => {
    const body = [
      { type: 'quote' as const, quoteId: 'Q' },
      { type: 'image' as const, imageId: 'I' },
      { type: 'quote' as const, quoteId: 'Q' },
    ];
    expect(missingReferences({ leadImageId: 'L', body }, { images: new Set(['I']), quotes: new Set() })).toEqual([
      { type: 'image', id: 'L' },
      { type: 'quote', id: 'Q' },
    ]);
  });
});
