// Contract: a filtered article list gives the same items, in the same order, with the same cursors and total,
// whichever plan answers it (walking an index in order, or sorting every match), for every sort, status and filter
// combination, page after page.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../scripts/bench/data-generator.js';
import { seedDatabase } from '../../scripts/bench/seed.js';
import { ARTICLE_SORTS, articleListQuery } from '../../src/articles/articles.schemas.js';
import { createArticleLister } from '../../src/articles/articles-list.sqlite.js';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import { tempDataDir } from '../helpers/app.js';

const filters = [
  { q: 'ukraine' },
  { q: 'election budget' },
  { tag: 'ukraine' },
  { section: 'news' },
  { tag: 'ukraine', q: 'minister' },
  { tag: 'ukraine', section: 'world' },
  { q: 'climate', section: 'news' },
];
const sorts = ARTICLE_SORTS.flatMap((field) => [field, `-${field}`]);
const statuses = ['published', 'draft', 'scheduled', 'any'];

describe('filtered list plans', () => {
  let dir = '';
  let db: Db;
  beforeAll(async () => {
    dir = tempDataDir();
    await seedDatabase(dir, dataset({ articles: 1_200 }));
    db = openDatabase({ dataDir: dir });
  });
  afterAll(() => {
    if (db) closeDatabase(db);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(filters)('walk and match-first agree for %o', (filter) => {
    const now = Date.now();
    const lister = (plan: 'walk' | 'matches', cacheTotals: boolean) =>
      createArticleLister(db, { nextScheduledAt: () => null, cacheTotals, plan });
    // A search walks by batches against its kept match set, or (with nothing kept) in SQL: both are checked.
    const walk = lister('walk', true);
    const walkSql = lister('walk', false);
    const matches = lister('matches', false);
    let compared = 0;
    for (const status of statuses) {
      for (const sort of sorts) {
        let cursor: string | undefined;
        for (let page = 0; page < 4; page++) {
          const query = articleListQuery.parse({ ...filter, status, sort, limit: '7', ...(cursor ? { cursor } : {}) });
          const a = walk.list(query, now);
          const b = matches.list(query, now);
          const c = walkSql.list(query, now);
          expect(a.rows.map((row) => row.id)).toEqual(b.rows.map((row) => row.id));
          expect(c.rows.map((row) => row.id)).toEqual(b.rows.map((row) => row.id));
          expect(a.nextCursor).toBe(b.nextCursor);
          expect(c.nextCursor).toBe(b.nextCursor);
          expect(a.total).toBe(b.total);
          compared += a.rows.length;
          if (!a.nextCursor) break;
          cursor = a.nextCursor;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('lists exactly the articles a plain scan finds, in order', () => {
    const now = Date.now();
    const lister = createArticleLister(db, { nextScheduledAt: () => null });
    const expected = db.$client
      .prepare(
        `SELECT a.id FROM articles a JOIN article_tags t ON t.article_id = a.id
         WHERE t.tag = 'ukraine' AND a.status = 'published' AND a.published_at <= ? ORDER BY a.created_at, a.id`,
      )
      .pluck()
      .all(now) as string[];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = lister.list(
        articleListQuery.parse({ tag: 'ukraine', sort: 'createdAt', limit: '50', ...(cursor ? { cursor } : {}) }),
        now,
      );
      expect(page.total).toBe(expected.length);
      seen.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
  });
});
