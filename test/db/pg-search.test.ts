// Contract: full-text search on PostgreSQL finds the same articles as on SQLite for plain words (accents ignored,
// the last word as a prefix), takes any text a reader types without error (the fuzz rule: no input gives a 500),
// and ranks a match in the headline over one in the standfirst over one in the body.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { pgArticleRank, pgMatches, pgSearchQuery } from '../../src/db/pg-search.js';
import { articles, quotes } from '../../src/db/schema.pg.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

const paragraph = (text: string) => ({ type: 'paragraph', text });

describePg('PostgreSQL full-text search', () => {
  const pg = usePgDatabase();
  let seq = 0;
  const insertArticle = async (fields: { headline: string; standfirst?: string; body?: unknown[] }) => {
    seq += 1;
    const id = `A${seq}`;
    await pg.db.orm.insert(articles).values({
      id,
      slug: `article-${seq}`,
      headline: fields.headline,
      standfirst: fields.standfirst ?? null,
      body: JSON.stringify(fields.body ?? []),
      createdAt: seq,
      updatedAt: seq,
    });
    return id;
  };
  const find = async (input: string) => {
    const query = pgSearchQuery(input);
    if (!query) return [];
    const rows = await pg.db.orm
      .select({ id: articles.id })
      .from(articles)
      .where(pgMatches(articles.search, query))
      .orderBy(articles.id);
    return rows.map((row) => row.id);
  };

  it('ignores accents both ways, and case', async () => {
    const accented = await insertArticle({ headline: 'Zelenský meets the press' });
    const plain = await insertArticle({ headline: 'A talk with Zelensky' });
    for (const input of ['Zelensky', 'zelenský', 'ZELENSKY', 'Zelenský']) {
      expect(await find(input)).toEqual([accented, plain]);
    }
    const quote = { text: 'We will hold.', createdAt: 0, updatedAt: 0 };
    await pg.db.orm.insert(quotes).values({ ...quote, id: 'Q1', speaker: 'Volodymyr Zelenský', speakerKey: 'v' });
    const query = pgSearchQuery('zelensky hold')!;
    const found = await pg.db.orm.select({ id: quotes.id }).from(quotes).where(pgMatches(quotes.search, query));
    expect(found).toEqual([{ id: 'Q1' }]);
  });

  it('needs every word, takes the last as a prefix, and reads only text blocks of the body', async () => {
    const both = await insertArticle({
      headline: 'Harbour news',
      body: [paragraph('The ferry timetable changes'), { type: 'heading', text: 'Lighthouse' }],
    });
    await insertArticle({ headline: 'Ferry', body: [{ type: 'image', id: 'I1', caption: 'Harbour at dawn' }] });
    expect(await find('harbour ferry')).toEqual([both]);
    expect(await find('harbour ferr')).toEqual([both]);
    expect(await find('lighthou')).toEqual([both]);
    expect(await find('ferr harbour')).toEqual([]);
    expect(await find('dawn')).toEqual([]);
    expect(await find('or harbour')).toEqual([]);
    expect(pgSearchQuery('  -- !! ')).toBeNull();
  });

  it('ranks a match in the headline over the standfirst over the body', async () => {
    const inBody = await insertArticle({ headline: 'One', body: [paragraph('A walrus was seen')] });
    const inHeadline = await insertArticle({ headline: 'Walrus sighted' });
    const inStandfirst = await insertArticle({ headline: 'Two', standfirst: 'The walrus again' });
    const query = pgSearchQuery('walrus')!;
    const rank = pgArticleRank(articles.search, query);
    const rows = await pg.db.orm
      .select({ id: articles.id, rank })
      .from(articles)
      .where(pgMatches(articles.search, query))
      .orderBy(sql`${rank} DESC`);
    expect(rows.map((row) => row.id)).toEqual([inHeadline, inStandfirst, inBody]);
  });

  it('stores an article whose body is a megabyte of distinct words (a tsvector is limited to 1 MB)', async () => {
    const words = Array.from({ length: 150_000 }, (_, index) => `w${index.toString(36)}x`);
    const id = await insertArticle({ headline: 'Long read', body: [paragraph(words.join(' '))] });
    expect(await find(words[10]!)).toEqual([id]);
  });

  // A reader's text, with the characters every query syntax gives a meaning to, and NUL.
  const readerText = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('"', "'", '-', ' or ', ' OR ', '&', '|', '!', ':*', '\\', '(', ')', '<->', '\0', 'ŉ', 'Ǆ'),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));

  it('takes any text without error: cms_search_query over the search words', async () => {
    await fc.assert(
      fc.asyncProperty(readerText, async (input) => {
        const query = pgSearchQuery(input);
        if (query) await pg.db.orm.select({ id: articles.id }).from(articles).where(pgMatches(articles.search, query));
      }),
      { numRuns: 300 },
    );
  });

  it("takes any text without error: websearch_to_tsquery (NUL removed: PostgreSQL's text cannot hold it)", async () => {
    await fc.assert(
      fc.asyncProperty(readerText, async (input) => {
        const text = input.replaceAll('\0', '');
        await pg.db.orm
          .select({ id: articles.id })
          .from(articles)
          .where(sql`${articles.search} @@ websearch_to_tsquery('simple', cms_unaccent(${text}))`);
      }),
      { numRuns: 300 },
    );
  });
});
