// Contract: a large load runs in a worker thread on a connection of its own. Reads are answered while it runs,
// writes of the server's connection wait for it (the writer is held) rather than block the event loop, a bad
// bundle answers as before and writes nothing, and a read right after the load answers the new content.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteArticlesStore } from '../../src/articles/articles.sqlite.js';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import { createImagesService } from '../../src/images/images.service.js';
import { createImagesRepository, createSqliteImagesStore } from '../../src/images/images.sqlite.js';
import { createSqliteImportStore } from '../../src/import/import.sqlite.js';
import { NO_FILES } from '../../src/import/import.store.js';
import { workersStarted } from '../../src/import/import.worker-pool.js';
import { createLocalMediaFiles } from '../../src/media/media.local.js';
import { createQuotesRepository } from '../../src/quotes/quotes.sqlite.js';
import { json, tempDataDir, useFreshApp } from '../helpers/app.js';
import { postBundle } from './bundles.js';

/** Past the worker threshold (256 KB of JSON): 120 articles of ~2.5 KB each, sharing one image. */
function largeBundle(prefix: string, headline = 'A headline') {
  const text = 'Words of a long paragraph. '.repeat(90);
  return {
    images: [{ key: `${prefix}-image`, sourceUrl: 'https://example.org/a.jpg', altText: 'An image' }],
    quotes: [],
    articles: Array.from({ length: 120 }, (_, i) => ({
      slug: `${prefix}-${i}`,
      headline: `${headline} ${i}`,
      body: [
        { type: 'paragraph', text },
        { type: 'image', image: `${prefix}-image` },
      ],
      status: 'published',
    })),
  };
}

describe('a large import, in its worker', () => {
  const http = useFreshApp();

  it('answers reads while it runs, and a read right after it answers the new content', async () => {
    const { app, auth } = http;
    expect((await postBundle(app, auth, largeBundle('first', 'Old'))).statusCode).toBe(200);
    const before = await app.inject({ method: 'GET', url: '/v1/articles/first-3' });
    expect(json(before).headline).toBe('Old 3');

    let done = false;
    const load = postBundle(app, auth, largeBundle('first', 'New')).then((res) => {
      done = true;
      return res;
    });
    const during = await app.inject({ method: 'GET', url: '/v1/articles/first-3' });
    expect(during.statusCode).toBe(200);
    expect(done).toBe(false);
    const res = await load;
    expect(res.statusCode).toBe(200);
    expect(json(res).updated.articles).toBe(120);

    // The cached answer of before is not served: the worker's commit is another connection's (data_version).
    const after = await app.inject({ method: 'GET', url: '/v1/articles/first-3' });
    expect(json(after).headline).toBe('New 3');
  });

  it('refuses a bad bundle with every error and writes nothing', async () => {
    const { app, auth } = http;
    const bundle = largeBundle('bad');
    (bundle.articles[7]!.body[1] as { image: string }).image = 'no-such-image';
    (bundle.articles[90] as Record<string, unknown>).status = 'maybe';
    const res = await postBundle(app, auth, bundle);
    expect(res.statusCode).toBe(400);
    expect(json(res).errors.map((error: { path: string }) => error.path)).toEqual([
      'articles[7].body[1].image',
      'articles[90].status',
    ]);
    const list = await app.inject({ method: 'GET', url: '/v1/articles?limit=1&status=any', headers: auth });
    expect(json(list).meta.total).toBe(0);
    const images = await app.inject({ method: 'GET', url: '/v1/images?limit=1', headers: auth });
    expect(json(images).meta.total).toBe(0);
  });

  it('answers text that is not JSON as any JSON body is answered', async () => {
    const { app, auth } = http;
    const text = JSON.stringify(largeBundle('text')).slice(0, -1);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: text,
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).code).toBe('INVALID_JSON');
  });
});

describe('the import store', () => {
  let db: Db | undefined;
  afterEach(() => {
    if (db) closeDatabase(db);
    db = undefined;
  });

  function openStore() {
    const dataDir = tempDataDir();
    db = openDatabase({ dataDir });
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createSqliteArticlesStore(db, { images, quotes });
    const media = createLocalMediaFiles({ dir: path.join(dataDir, 'media') });
    const imagesService = createImagesService({
      images: createSqliteImagesStore(db, images),
      media,
      uploadLimit: 1024 * 1024,
    });
    const store = createSqliteImportStore(db, {
      uploadLimit: 1024 * 1024,
      images,
      quotes,
      articles,
      imagesService,
      // Every load in the worker, however small.
      offThreadFrom: { bytes: 0, items: 0 },
    });
    return { db, store };
  }

  it('holds the writer while the worker writes: a write of this connection waits for the load', async () => {
    const { db, store } = openStore();
    const order: string[] = [];
    const json = Buffer.from(JSON.stringify(largeBundle('held')));
    const load = store.load({ json }, NO_FILES).then((result) => {
      order.push('load');
      return result;
    });
    expect(db.writer.held).toBe(true);
    const write = db.writer
      .run(() => db.$client.prepare('SELECT count(*) AS n FROM articles').get() as { n: number })
      .then((row) => {
        order.push('write');
        return row.n;
      });
    expect((await load).created.articles).toBe(120);
    // The queued write ran after the commit, and saw it.
    expect(await write).toBe(120);
    expect(order).toEqual(['load', 'write']);
    expect(db.writer.held).toBe(false);
    await store.close();
  });

  it('keeps its worker between loads: loads in a row, a refused one among them, each answer right', async () => {
    const { db, store } = openStore();
    const before = workersStarted();
    const first = await store.load({ json: Buffer.from(JSON.stringify(largeBundle('row-a'))) }, NO_FILES);
    expect(first.created.articles).toBe(120);
    // Sent as soon as the first has answered: the worker that loaded it takes it too (at most one thread started).
    const bad = largeBundle('row-b');
    (bad.articles[5]!.body[1] as { image: string }).image = 'missing';
    await expect(store.load({ json: Buffer.from(JSON.stringify(bad)) }, NO_FILES)).rejects.toMatchObject({
      status: 400,
    });
    expect(workersStarted() - before).toBeLessThanOrEqual(1);
    // A dry run and a load at once: two threads, each with its own answer.
    const [dry, second] = await Promise.all([
      store.load({ value: largeBundle('row-c') }, NO_FILES, { dryRun: true }),
      store.load({ json: Buffer.from(JSON.stringify(largeBundle('row-a', 'Changed'))) }, NO_FILES),
    ]);
    expect(dry.created.articles).toBe(120);
    expect(second.updated.articles).toBe(120);
    expect(db.$client.prepare('SELECT count(*) AS n FROM articles').get()).toEqual({ n: 120 });
    expect(db.$client.prepare("SELECT headline FROM articles WHERE slug = 'row-a-3'").get()).toEqual({
      headline: 'Changed 3',
    });
    await store.close();
  });

  it('releases the writer when the worker fails, and writes nothing', async () => {
    const { db, store } = openStore();
    const bundle = largeBundle('fails');
    (bundle.articles[3]!.body[1] as { image: string }).image = 'missing';
    await expect(store.load({ value: bundle }, NO_FILES)).rejects.toMatchObject({ status: 400 });
    expect(db.writer.held).toBe(false);
    expect(db.$client.prepare('SELECT count(*) AS n FROM articles').get()).toEqual({ n: 0 });
    await store.close();
  });
});
