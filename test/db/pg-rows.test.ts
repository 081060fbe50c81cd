// Contract: the same answers on both engines, byte for byte: a row read back from PostgreSQL has the JS values that
// were written (times and sizes as numbers, a focal point to the last bit, booleans, JSON text as it was sent),
// and text sorts in SQLite's byte order whatever the database's locale, so lists come in the same order.
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { articleColumns, articles, imageColumns, images, webhooks } from '../../src/db/schema.pg.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

describePg('PostgreSQL rows', () => {
  // A database whose own collation sorts 'a' before 'B' and ignores '_' and '-' at first: the schema's must not.
  const pg = usePgDatabase({ icuLocale: 'en' });

  it('read back as written, with the JS types of schema.ts', async () => {
    const image = {
      seq: 7,
      id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      key: null,
      sourceUrl: null,
      fileName: 'abc.jpg',
      altText: 'Ferry at dawn',
      caption: 'Ünïcödé caption',
      credit: null,
      creator: null,
      copyrightNotice: null,
      focalX: 0.1 + 0.2,
      focalY: 1 / 3,
      width: 4000,
      height: 3000,
      mimeType: 'image/jpeg',
      bytes: 5_000_000_000,
      version: 3,
      createdAt: 1_765_000_000_123,
      updatedAt: 1_765_000_000_456,
    };
    await pg.db.orm.insert(images).values(image);
    expect(await pg.db.orm.select(imageColumns).from(images)).toEqual([image]);

    const body = '[{"type":"paragraph","text":"Spaces  kept,\\u00e9 escapes kept"}]';
    await pg.db.orm.insert(articles).values({
      id: 'A1',
      slug: 'a-1',
      headline: 'H',
      body,
      leadImageId: image.id,
      createdAt: 1,
      updatedAt: 2,
    });
    const [row] = await pg.db.orm.select(articleColumns).from(articles).where(eq(articles.id, 'A1'));
    expect(row).toMatchObject({ body, tags: '[]', corrections: '[]', status: 'draft', publishedAt: null, version: 1 });
    expect(typeof row?.seq).toBe('number');
    expect(Object.keys(row ?? {})).not.toContain('search');

    const [hook] = await pg.db.orm
      .insert(webhooks)
      .values({
        id: 'W1',
        url: 'https://example.com',
        events: '["*"]',
        secret: 's',
        enabled: false,
        createdAt: 1,
        updatedAt: 1,
      })
      .returning({ enabled: webhooks.enabled, createdAt: webhooks.createdAt });
    expect(hook).toEqual({ enabled: false, createdAt: 1 });
  });

  it('sorts text byte by byte, as SQLite does', async () => {
    const ids = ['a', 'B', '_x', '-y', 'Z', 'é', '0'];
    for (const id of ids) {
      await pg.db.orm
        .insert(articles)
        .values({ id, slug: `s${ids.indexOf(id)}`, headline: 'H', createdAt: 0, updatedAt: 0 });
    }
    const rows = await pg.db.orm
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.createdAt, 0))
      .orderBy(asc(articles.id));
    const bytewise = [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(rows.map((r) => r.id)).toEqual(bytewise);
  });
});
