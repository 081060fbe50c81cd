import Database from 'better-sqlite3';
import { articleEtag, toArticle, toListItem } from '../../src/articles/articles.mapper.js';
import { createSqliteArticlesStore } from '../../src/articles/articles.sqlite.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { jsonLdText, toJsonLd } from '../../src/formats/jsonld.js';
import { createImagesRepository } from '../../src/images/images.sqlite.js';
import { createQuotesRepository } from '../../src/quotes/quotes.sqlite.js';
import { REFERENCE_SCHEMA, searchText } from './reference-server.js';

// Fills the reference server's database from the seeded real one: every article rendered once, with the real
// mapper, to the JSON the real server answers (resolved body, lead image) and to its list card. The two servers
// then hold the same articles under the same ids and slugs and answer JSON of the same size.

const BATCH = 500;

export function buildReferenceDatabase(
  ourDataDir: string,
  referenceFile: string,
): { seconds: number; articles: number } {
  const started = performance.now();
  const ours = openDatabase({ dataDir: ourDataDir, migrate: false });
  const reference = new Database(referenceFile);
  let count = 0;
  try {
    reference.pragma('journal_mode = WAL');
    reference.pragma('synchronous = NORMAL');
    reference.exec(REFERENCE_SCHEMA);
    const quotes = createQuotesRepository(ours);
    const articles = createSqliteArticlesStore(ours, { images: createImagesRepository(ours), quotes });
    const ids = ours.$client.prepare<[number], { seq: number; id: string }>(
      `SELECT seq, id FROM articles WHERE seq > ? ORDER BY seq LIMIT ${BATCH}`,
    );
    const insert = reference.prepare(
      'INSERT INTO docs (seq, id, slug, status, published_at, etag, article, card, jsonld) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // The JSON-LD the real server answers with its default settings, its images' URLs on the benchmark's address.
    const settings = loadConfig({});
    const mediaBase = 'http://127.0.0.1:40000';
    const addTag = reference.prepare('INSERT INTO doc_tags (tag, seq) VALUES (?, ?)');
    const addText = reference.prepare('INSERT INTO docs_fts (rowid, text) VALUES (?, ?)');
    const copy = reference.transaction((batch: Array<{ seq: number; id: string }>) => {
      batch.forEach(({ id }, i) => {
        const { row, resolved } = articles.loadNow(id)!;
        const article = toArticle(row, resolved);
        const seq = batch[i]!.seq;
        insert.run(
          seq,
          row.id,
          row.slug,
          row.status,
          row.publishedAt,
          articleEtag(row, resolved),
          JSON.stringify(article),
          JSON.stringify(toListItem(row, resolved, false)),
          jsonLdText(toJsonLd(article, settings, mediaBase)),
        );
        for (const tag of article.tags) addTag.run(tag, seq);
        addText.run(seq, searchText(article));
      });
    });
    let after = 0;
    for (;;) {
      const batch = ids.all(after);
      if (batch.length === 0) break;
      copy(batch);
      count += batch.length;
      after = batch[batch.length - 1]!.seq;
    }
    reference.pragma('wal_checkpoint(TRUNCATE)');
    reference.exec('ANALYZE');
  } finally {
    reference.close();
    closeDatabase(ours);
  }
  return { seconds: (performance.now() - started) / 1000, articles: count };
}
