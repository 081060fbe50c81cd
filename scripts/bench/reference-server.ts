import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

// The benchmark's ceiling: the least a Fastify + better-sqlite3 server can do to give the same answers. Each
// article is stored once, already rendered: its JSON as one text column (and its list-card JSON as another), so a
// read is one prepared statement and a string sent as is. No validation, no auth, no mapping, no resolution of
// images and quotes. Lists do the same SQL work as the real API (count + keyset page, with a tag table and an FTS5
// index for the filters), so a ratio to it is the cost of everything the real server adds.
// Run compiled: `REFERENCE_DB=<file> PORT=<port> node dist/scripts/bench/reference-server.js`.

export const REFERENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  published_at INTEGER,
  etag TEXT NOT NULL,
  article TEXT NOT NULL,
  card TEXT NOT NULL,
  -- The article's JSON-LD, rendered once like the rest (left empty for articles the benchmark's writes make).
  jsonld TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS docs_public ON docs (status, published_at);
CREATE TABLE IF NOT EXISTS doc_tags (tag TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (tag, seq)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
`;

/** The text a search finds an article by: headline, standfirst, paragraphs and headings, as the real index has. */
export function searchText(article: {
  headline?: unknown;
  standfirst?: unknown;
  body?: Array<{ type?: unknown; text?: unknown }>;
}): string {
  const parts = [article.headline, article.standfirst];
  for (const block of article.body ?? [])
    if (block.type === 'paragraph' || block.type === 'heading') parts.push(block.text);
  return parts.filter((part) => typeof part === 'string').join('\n');
}

function ftsQuery(input: string): string | null {
  const words = input.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

type Doc = Record<string, unknown> & { body?: Array<{ type?: unknown; text?: unknown }>; tags?: unknown };

export async function buildReferenceServer(file: string, mediaDir: string) {
  const db = new Database(file);
  // The same pragmas as the real server (src/db/client.ts), so the storage engine is set up alike.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.pragma('temp_store = MEMORY');
  db.exec(REFERENCE_SCHEMA);

  const one = db.prepare<[string, string], { etag: string; article: string }>(
    'SELECT etag, article FROM docs WHERE id = ? UNION ALL SELECT etag, article FROM docs WHERE slug = ? LIMIT 1',
  );
  const byId = db.prepare<[string], { seq: number; article: string }>('SELECT seq, article FROM docs WHERE id = ?');
  const oneJsonLd = db.prepare<[string, string], { etag: string; jsonld: string }>(
    'SELECT etag, jsonld FROM docs WHERE id = ? UNION ALL SELECT etag, jsonld FROM docs WHERE slug = ? LIMIT 1',
  );
  const insert = db.prepare(
    'INSERT INTO docs (id, slug, status, published_at, etag, article, card) VALUES (@id, @slug, @status, @publishedAt, @etag, @article, @card)',
  );
  const update = db.prepare(
    'UPDATE docs SET slug = @slug, status = @status, published_at = @publishedAt, etag = @etag, article = @article, card = @card WHERE seq = @seq',
  );
  const addTag = db.prepare('INSERT OR IGNORE INTO doc_tags (tag, seq) VALUES (?, ?)');
  const clearTags = db.prepare('DELETE FROM doc_tags WHERE seq = ?');
  const addText = db.prepare('INSERT INTO docs_fts (rowid, text) VALUES (?, ?)');
  const clearText = db.prepare('DELETE FROM docs_fts WHERE rowid = ?');
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let found = statements.get(sql);
    if (!found) {
      found = db.prepare(sql);
      statements.set(sql, found);
    }
    return found;
  };
  const media = new Map<string, Buffer>();
  let publicTotal = (
    db.prepare("SELECT count(*) AS n FROM docs WHERE status = 'published' AND published_at <= ?").get(Date.now()) as {
      n: number;
    }
  ).n;

  const row = (doc: Doc) => {
    const { body: _body, ...card } = doc;
    return {
      slug: String(doc.slug),
      status: String(doc.status),
      publishedAt: typeof doc.publishedAt === 'string' ? Date.parse(doc.publishedAt) : null,
      etag: `"r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}"`,
      article: JSON.stringify(doc),
      card: JSON.stringify(card),
    };
  };
  const index = (seq: number, doc: Doc) => {
    for (const tag of Array.isArray(doc.tags) ? doc.tags : []) addTag.run(String(tag), seq);
    addText.run(seq, searchText(doc));
  };

  const app = Fastify({ logger: false });
  const json = 'application/json; charset=utf-8';

  app.get('/health', async () => ({ status: 'ok' }));

  app.get<{ Params: { id: string } }>('/v1/articles/:id', async (request, reply) => {
    const found = one.get(request.params.id, request.params.id);
    if (!found) return reply.code(404).send({ status: 404 });
    reply.header('etag', found.etag);
    if (request.headers['if-none-match'] === found.etag) return reply.code(304).send();
    return reply.type(json).send(found.article);
  });

  app.get<{ Params: { id: string } }>('/v1/articles/:id/jsonld', async (request, reply) => {
    const found = oneJsonLd.get(request.params.id, request.params.id);
    if (!found) return reply.code(404).send({ status: 404 });
    reply.header('etag', `"ld-${found.etag.slice(1)}`);
    return reply.type('application/ld+json; charset=utf-8').send(found.jsonld);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/articles', async (request, reply) => {
    const { tag, q, cursor, include } = request.query;
    const limit = Number(request.query.limit ?? 20);
    const where = ["status = 'published' AND published_at <= ?"];
    const params: unknown[] = [Date.now()];
    if (tag !== undefined) {
      where.push('seq IN (SELECT seq FROM doc_tags WHERE tag = ?)');
      params.push(tag);
    }
    if (q !== undefined) {
      where.push('seq IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)');
      params.push(ftsQuery(q) ?? '""');
    }
    // The unfiltered public total is a counter in memory (the cheapest possible); filtered lists count.
    const total =
      where.length === 1
        ? publicTotal
        : (statement(`SELECT count(*) AS n FROM docs WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
    const page = [...where];
    const pageParams = [...params];
    if (cursor !== undefined) {
      const [publishedAt, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, number];
      // NOTE: not the row value (published_at, seq) < (?, ?): SQLite plans that one as a skip-scan and a sort.
      page.push('published_at <= ? AND (published_at < ? OR seq < ?)');
      pageParams.push(publishedAt, publishedAt, seq);
    }
    const column = include === 'body' ? 'article' : 'card';
    const rows = statement(
      `SELECT seq, published_at, ${column} AS json FROM docs WHERE ${page.join(' AND ')} ORDER BY published_at DESC, seq DESC LIMIT ?`,
    ).all(...pageParams, limit + 1) as Array<{ seq: number; published_at: number; json: string }>;
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    const next = last
      ? `"${Buffer.from(JSON.stringify([last.published_at, last.seq])).toString('base64url')}"`
      : 'null';
    const data = rows.slice(0, limit).map((r) => r.json);
    return reply
      .type(json)
      .send(`{"data":[${data.join(',')}],"meta":{"total":${total},"limit":${limit},"nextCursor":${next}}}`);
  });

  app.post<{ Body: Doc }>('/v1/articles', async (request, reply) => {
    const now = new Date().toISOString();
    const id = randomUUID();
    const doc: Doc = {
      id,
      slug: id,
      standfirst: null,
      section: null,
      tags: [],
      byline: null,
      leadImageId: null,
      leadImage: null,
      status: 'draft',
      publishedAt: null,
      body: [],
      ...request.body,
      createdAt: now,
      updatedAt: now,
    };
    const values = row(doc);
    db.transaction(() => {
      const seq = Number(insert.run({ id, ...values }).lastInsertRowid);
      index(seq, doc);
      if (values.status === 'published' && values.publishedAt !== null && values.publishedAt <= Date.now())
        publicTotal++;
    })();
    return reply
      .code(201)
      .header('location', `/v1/articles/${id}`)
      .header('etag', values.etag)
      .type(json)
      .send(values.article);
  });

  app.patch<{ Params: { id: string }; Body: Doc }>('/v1/articles/:id', async (request, reply) => {
    const values = db.transaction(() => {
      const found = byId.get(request.params.id);
      if (!found) return null;
      const doc: Doc = { ...(JSON.parse(found.article) as Doc), ...request.body, updatedAt: new Date().toISOString() };
      const next = row(doc);
      update.run({ seq: found.seq, ...next });
      clearTags.run(found.seq);
      clearText.run(found.seq);
      index(found.seq, doc);
      return next;
    })();
    if (!values) return reply.code(404).send({ status: 404 });
    return reply.header('etag', values.etag).type(json).send(values.article);
  });

  // A rendition the real server made, served from memory: what a perfect rendition cache would cost.
  app.get<{ Params: { '*': string } }>('/media/*', async (request, reply) => {
    const name = path.basename(request.params['*']);
    let bytes = media.get(name);
    if (!bytes) {
      const file = path.join(mediaDir, name);
      if (!fs.existsSync(file)) return reply.code(404).send({ status: 404 });
      bytes = fs.readFileSync(file);
      media.set(name, bytes);
    }
    return reply.type('image/jpeg').header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
  });

  app.addHook('onClose', async () => {
    db.close();
  });
  return app;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const file = process.env.REFERENCE_DB;
  if (!file) {
    process.stderr.write('REFERENCE_DB must name the reference database file\n');
    process.exit(2);
  }
  const app = await buildReferenceServer(file, process.env.REFERENCE_MEDIA ?? path.join(path.dirname(file), 'media'));
  const stop = () => {
    app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3001) });
}
