// Contract: every statement the sitemaps run walks articles_status_published_idx in its order: no table scan, no
// sort of the public articles, and a walk resumed past a position ranges only on that position (else each batch
// of a million-article walk would read from the start).
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SITEMAP_SQL } from '../../src/articles/articles-sitemap.sqlite.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { tempDataDir } from '../helpers/app.js';

describe('sitemap query plans', () => {
  const dataDir = tempDataDir();
  const db = openDatabase({ dataDir });
  afterAll(() => {
    closeDatabase(db);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const plan = (sql: string) =>
    (
      db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(
        ...sql
          .split('?')
          .slice(1)
          .map(() => 1),
      ) as Array<{
        detail: string;
      }>
    ).map((row) => row.detail);

  it.each(Object.entries(SITEMAP_SQL))('%s goes down the (status, published_at, id) index in order', (_name, sql) => {
    const details = plan(sql);
    expect(details.join('\n')).toMatch(/SEARCH articles USING (COVERING )?INDEX articles_status_published_idx/);
    expect(details.join('\n')).not.toMatch(/TEMP B-TREE|^SCAN/m);
  });

  it.each(['nextBatch', 'nextTimes'] as const)('%s resumes on the row value alone', (name) => {
    expect(plan(SITEMAP_SQL[name]).join('\n')).toContain('(published_at,id)>(?,?)');
  });
});
