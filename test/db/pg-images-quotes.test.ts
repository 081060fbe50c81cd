// Contract: the images, quotes and tokens stores answer on PostgreSQL what they answer on SQLite: the same pages
// in the same order for every sort (NULLs first ascending, last descending), under every cursor, even a forged one
// (numeric text is a number, other text sorts after numbers, as SQLite compares), the same totals and search
// matches; and where writes run side by side, the answer one after the other would give: of two updates under one
// If-Match one wins and the other is a 412, a delete racing an article that takes the image up is the 409 naming
// it, two tokens of one name are one token and a refusal, and a revocation holds at once on another instance.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import type { Engine } from '../../src/db/engine.js';
import { createSqliteEngine } from '../../src/db/engine.sqlite.js';
import { createPgChangeFeed } from '../../src/db/pg-change-feed.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { HttpProblem, problems } from '../../src/http/problems.js';
import { createPgImagesStore } from '../../src/images/images.pg.js';
import type { ImagesStore } from '../../src/images/images.store.js';
import { createPgQuotesStore } from '../../src/quotes/quotes.pg.js';
import type { QuoteRecord, QuotesStore } from '../../src/quotes/quotes.store.js';
import { encodeCursor } from '../../src/shared/cursor.js';
import { createPgTokensStore } from '../../src/tokens/tokens.pg.js';
import { TokenError } from '../../src/tokens/tokens.store.js';
import { tempDataDir } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

const BASE = Date.UTC(2025, 0, 10, 9, 30);

/** Every page of a list, walked with `limit` per page: the texts (or alt texts) in order, and the totals. */
async function walk<R>(
  page: (cursor: string | undefined) => Promise<{ rows: R[]; total: number; nextCursor: string | null }>,
  name: (row: R) => string,
): Promise<{ names: string[]; totals: number[] }> {
  const names: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const result = await page(cursor);
    names.push(...result.rows.map(name));
    totals.push(result.total);
    if (result.nextCursor === null) return { names, totals };
    cursor = result.nextCursor;
  }
  throw new Error('the pages never ended');
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

describePg('PostgreSQL images and quotes: the same answers as SQLite', () => {
  const pgDb = usePgDatabase();
  const dataDir = tempDataDir();
  const engines = {} as {
    sqlite: { quotes: QuotesStore; images: ImagesStore };
    pg: { quotes: QuotesStore; images: ImagesStore };
  };
  /** Each engine's id of a quote, by its text (ids differ between engines; the order they were made in does not). */
  const quoteIds = { sqlite: new Map<string, string>(), pg: new Map<string, string>() };

  const saidAt = [null, 5, null, 3, 5, null, 9, 3];

  let sqlite: Engine | undefined;
  // The same rows on both engines, made in the same order (ids sort by the order they were made in).
  beforeAll(async () => {
    sqlite = createSqliteEngine(openDatabase({ dataDir }));
    engines.sqlite = sqlite;
    engines.pg = { quotes: createPgQuotesStore(pgDb.db), images: createPgImagesStore(pgDb.db) };
    for (const kind of ['sqlite', 'pg'] as const) {
      const { quotes, images } = engines[kind];
      for (const [i, said] of saidAt.entries()) {
        const text = `q${i} ${i % 2 ? 'Zelenskyy' : 'Zelénskyy'} spoke`;
        const row = await quotes.create(
          { text, speaker: i % 3 ? 'Ministry' : 'MINISTRY', saidAt: said === null ? null : BASE + said * 1000 },
          { now: BASE + i * 10 },
        );
        quoteIds[kind].set(`q${i}`, row.id);
        await images.create(
          { sourceUrl: `https://example.org/${i}.jpg`, altText: `i${i} Kursk`, credit: i % 2 ? 'AP' : 'Reuters' },
          { now: BASE + (i % 3) * 10 },
        );
      }
      // Updates move updatedAt: a few rows out of creation order.
      await quotes.update(quoteIds[kind].get('q2')!, { channel: 'Telegram' });
      // A millisecond apart, so that their order does not depend on the clock.
      await new Promise((resolve) => setTimeout(resolve, 3));
      await quotes.update(quoteIds[kind].get('q0')!, { channel: 'TV' });
    }
  });
  afterAll(async () => {
    await sqlite?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const sorts = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'saidAt', '-saidAt'] as const;

  it('walks every quote sort and filter page by page in the same order with the same totals', async () => {
    const filters = [{}, { speaker: 'ministry' }, { q: 'zelensk' }, { q: 'ZELENSKYY spoke' }, { q: '!!' }];
    for (const sort of sorts) {
      for (const filter of filters) {
        for (const limit of [1, 3, 100]) {
          const answers = await Promise.all(
            (['sqlite', 'pg'] as const).map((kind) =>
              walk(
                (cursor) => engines[kind].quotes.list({ limit, sort, cursor, ...filter }),
                (row: QuoteRecord) => row.text.split(' ')[0]!,
              ),
            ),
          );
          expect(answers[1], `${sort} ${JSON.stringify(filter)} limit ${limit}`).toEqual(answers[0]);
        }
      }
    }
  });

  it('starts a page after a forged cursor where SQLite does, whatever its value', async () => {
    const values = [null, BASE + 5000, `${BASE + 5000}`, ` ${BASE + 3000} `, BASE + 4000.5, 'abc', '', 1e300, -1e300];
    for (const sort of sorts) {
      for (const value of values) {
        for (const after of ['q1', 'q4']) {
          const answers = await Promise.all(
            (['sqlite', 'pg'] as const).map(async (kind) => {
              const cursor = encodeCursor({ sort, value, id: quoteIds[kind].get(after)! });
              const page = await engines[kind].quotes.list({ limit: 100, sort, cursor });
              return page.rows.map((row) => row.text.split(' ')[0]);
            }),
          );
          expect(answers[1], `${sort} after ${after} at ${JSON.stringify(value)}`).toEqual(answers[0]);
        }
      }
    }
  });

  it('walks every image sort, credit and search the same way', async () => {
    const filters = [{}, { credit: 'AP' }, { credit: 'ap' }, { q: 'kursk' }, { q: 'i3' }, { credit: 'a\u0000b' }];
    for (const sort of ['createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const) {
      for (const filter of filters) {
        const answers = await Promise.all(
          (['sqlite', 'pg'] as const).map((kind) =>
            walk(
              (cursor) => engines[kind].images.list({ limit: 2, sort, cursor, ...filter }),
              (row) => row.altText.split(' ')[0]!,
            ),
          ),
        );
        expect(answers[1], `${sort} ${JSON.stringify(filter)}`).toEqual(answers[0]);
      }
    }
  });

  it('answers an id PostgreSQL cannot hold (NUL) as one that does not exist', async () => {
    for (const kind of ['sqlite', 'pg'] as const) {
      const { quotes, images } = engines[kind];
      expect(await quotes.find('a\u0000b')).toBeUndefined();
      expect(await images.find('a\u0000b')).toBeUndefined();
      expect((await images.findManyByIds(['a\u0000b'])).size).toBe(0);
      expect(await images.isFileUsed('a\u0000b')).toBe(false);
      await expect(quotes.update('a\u0000b', { text: 'x' })).rejects.toMatchObject({ status: 404 });
      await expect(images.delete('a\u0000b')).rejects.toMatchObject({ status: 404 });
    }
  });
});

describePg('PostgreSQL images, quotes and tokens: concurrent writes', () => {
  const pgDb = usePgDatabase({ perTest: true });

  /** The If-Match check the routes pass: the row must still be at `version`. */
  const atVersion = (version: number) => (current: { version: number }) => {
    if (current.version !== version) throw problems.preconditionFailed();
  };

  it('two updates of a quote under one If-Match: one wins, the other is a 412', async () => {
    const quotes = createPgQuotesStore(pgDb.db);
    const quote = await quotes.create({ text: 'We will respond.', speaker: 'Ministry' });
    const results = await Promise.all(
      ['first', 'second'].map((text) => settle(quotes.update(quote.id, { text }, atVersion(1)))),
    );
    const won = results.filter((result) => result.value);
    expect(won).toHaveLength(1);
    const lost = results.find((result) => result.error)!.error as HttpProblem;
    expect(lost).toBeInstanceOf(HttpProblem);
    expect(lost.status).toBe(412);
    expect((await quotes.get(quote.id)).version).toBe(2);
  });

  it('an image delete that waits on an article taking the image up is the 409 naming it', async () => {
    const images = createPgImagesStore(pgDb.db);
    const image = await images.create({ sourceUrl: 'https://example.org/a.jpg', altText: 'A' });
    const client = await pgDb.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO articles (id, slug, headline, created_at, updated_at) VALUES ('A1', 'story', 'Story', 1, 1)`,
      );
      await client.query('INSERT INTO article_images (article_id, image_id) VALUES ($1, $2)', ['A1', image.id]);
      const deleting = settle(images.delete(image.id));
      // The delete waits on the row the article's link holds until the article commits.
      for (let i = 0; i < 200; i++) {
        const { rows } = await pgDb.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await client.query('COMMIT');
      const { error } = await deleting;
      expect(error).toBeInstanceOf(HttpProblem);
      expect((error as HttpProblem).status).toBe(409);
      expect((error as HttpProblem).detail).toContain('story');
    } finally {
      client.release();
    }
    expect(await images.find(image.id)).toBeDefined();
  });

  it('two tokens of one name made at once: one token, and the refusal the CLI prints', async () => {
    const changes = createPgChangeFeed(pgDb.db);
    const tokens = createPgTokensStore(pgDb.db, { changes });
    const results = await Promise.all([1, 2, 3].map(() => settle(tokens.create('desk'))));
    expect(results.filter((result) => result.value)).toHaveLength(1);
    for (const { error } of results.filter((result) => result.error)) {
      expect(error).toBeInstanceOf(TokenError);
      expect((error as Error).message).toContain('already exists');
    }
    expect((await tokens.list()).filter((token) => token.revokedAt === null)).toHaveLength(1);
  });

  it('a token revoked through one instance is refused by another at once', async () => {
    const other = await openPostgres(pgDb.url, { migrate: false, max: 2 });
    try {
      const here = createPgTokensStore(pgDb.db, { changes: createPgChangeFeed(pgDb.db) });
      const there = createPgTokensStore(other, { changes: createPgChangeFeed(other) });
      const { token } = await here.create('short-lived', ['read']);
      expect((await there.verify(token))?.name).toBe('short-lived');
      expect(await there.revoke('short-lived')).toBe(true);
      expect(await here.verify(token)).toBeNull();
      expect(await here.revoke('short-lived')).toBe(false);
      expect(await here.revoke('a\u0000b')).toBe(false);
    } finally {
      await other.close();
    }
  });
});
