// Contract: a quote's `speakerType` (`person` by default, or `organisation`) is written on create, PATCH and
// import, returned wherever a quote is (single, list, article blocks, export), and changes the ETags that show it.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

const statement = {
  text: 'The soldier died of his injuries.',
  speaker: 'National Intelligence Service',
  organisation: 'South Korea',
  channel: 'statement',
};

describe('quotes: speakerType', () => {
  const ctx = useApp();
  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers: object = {}) =>
    ctx.app.inject({ method, url, headers: { ...ctx.auth, ...headers }, ...(payload ? { payload } : {}) });

  it('is person when not given, and organisation when sent; both read back and listed', async () => {
    const person = await send('POST', '/v1/quotes', { text: 'Words.', speaker: 'Volodymyr Zelensky' });
    expect(person.statusCode).toBe(201);
    expect(json(person).speakerType).toBe('person');

    const organisation = await send('POST', '/v1/quotes', { ...statement, speakerType: 'organisation' });
    expect(organisation.statusCode).toBe(201);
    const { id } = json(organisation);
    expect(json(organisation).speakerType).toBe('organisation');
    expect(json(await send('GET', `/v1/quotes/${id}`)).speakerType).toBe('organisation');

    const list = json(await send('GET', '/v1/quotes?speaker=national%20intelligence%20service'));
    // Other tests of this file quote the same agency: this one's is listed, as an organisation.
    expect(list.data.find((quote: { id: string }) => quote.id === id)?.speakerType).toBe('organisation');
  });

  it('is changed by PATCH (and kept by a PATCH that does not name it), with a new ETag', async () => {
    const created = await send('POST', '/v1/quotes', statement);
    const { id } = json(created);
    const before = created.headers.etag as string;
    const patched = await send('PATCH', `/v1/quotes/${id}`, { speakerType: 'organisation' }, { 'if-match': before });
    expect(patched.statusCode).toBe(200);
    expect(json(patched).speakerType).toBe('organisation');
    expect(patched.headers.etag).not.toBe(before);
    const kept = await send('PATCH', `/v1/quotes/${id}`, { channel: 'briefing' });
    expect(json(kept).speakerType).toBe('organisation');
    const revalidated = await ctx.app.inject({
      method: 'GET',
      url: `/v1/quotes/${id}`,
      headers: { 'if-none-match': before },
    });
    expect(revalidated.statusCode).toBe(200);
  });

  it('refuses an unknown value with a 400 naming speakerType, on create and on PATCH', async () => {
    const bad = await send('POST', '/v1/quotes', { ...statement, speakerType: 'robot' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(bad).errors).toEqual([{ path: 'speakerType', message: 'must be one of person, organisation' }]);

    const { id } = json(await send('POST', '/v1/quotes', statement));
    const nullType = await send('PATCH', `/v1/quotes/${id}`, { speakerType: null });
    expect(nullType.statusCode).toBe(400);
    expect(json(nullType).errors.map((error: { path: string }) => error.path)).toEqual(['speakerType']);
  });

  it('is resolved in article blocks, and a change to it changes the article ETag (304 no more)', async () => {
    const { id: quoteId } = json(await send('POST', '/v1/quotes', statement));
    const article = json(
      await send('POST', '/v1/articles', {
        headline: 'Spy agency confirms capture',
        status: 'published',
        body: [{ type: 'quote', quoteId }],
      }),
    );
    const first = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${article.slug}` });
    expect(json(first).body[0].quote.speakerType).toBe('person');
    const etag = first.headers.etag as string;

    await send('PATCH', `/v1/quotes/${quoteId}`, { speakerType: 'organisation' });
    const second = await ctx.app.inject({
      method: 'GET',
      url: `/v1/articles/${article.slug}`,
      headers: { 'if-none-match': etag },
    });
    expect(second.statusCode).toBe(200);
    expect(second.headers.etag).not.toBe(etag);
    expect(json(second).body[0].quote.speakerType).toBe('organisation');
  });

  it('round-trips through import and export; a bad value in a bundle names its place', async () => {
    const bundle = {
      images: [],
      quotes: [
        { key: 'nis', ...statement, speakerType: 'organisation' },
        { key: 'zelensky', text: 'We captured him.', speaker: 'Volodymyr Zelensky' },
      ],
      articles: [
        {
          slug: 'bundle-speaker-types',
          headline: 'Bundle speaker types',
          body: [
            { type: 'quote', quote: 'nis' },
            { type: 'quote', quote: 'zelensky' },
          ],
        },
      ],
    };
    const imported = await send('POST', '/v1/import', bundle);
    expect(imported.statusCode).toBe(200);
    expect(json(imported).created.quotes).toBe(2);

    const exported = json(await send('GET', '/v1/export'));
    const byKey = new Map(exported.quotes.map((quote: { key: string }) => [quote.key, quote]));
    expect(byKey.get('nis')).toMatchObject({ speakerType: 'organisation' });
    expect(byKey.get('zelensky')).toMatchObject({ speakerType: 'person' });

    // Loading the export back changes nothing; a changed type is an update.
    const again = json(await send('POST', '/v1/import', exported));
    expect(again.updated.quotes).toBe(0);
    const changed = {
      ...bundle,
      quotes: [bundle.quotes[0], { ...bundle.quotes[1], speakerType: 'organisation' }],
    };
    const updated = json(await send('POST', '/v1/import', changed));
    expect(updated).toMatchObject({ updated: { quotes: 1 }, unchanged: { quotes: 1 } });
    const listed = json(await send('GET', '/v1/quotes?speaker=volodymyr%20zelensky'));
    expect(listed.data.find((quote: { text: string }) => quote.text === 'We captured him.').speakerType).toBe(
      'organisation',
    );
    // Left out of a bundle item, it is the default again (the item is the whole quote).
    const reset = json(await send('POST', '/v1/import', bundle));
    expect(reset.updated.quotes).toBe(1);

    const bad = await send('POST', '/v1/import', {
      quotes: [{ key: 'bad', text: 'x', speaker: 'y', speakerType: 'ministry' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((error: { path: string }) => error.path)).toEqual(['quotes[0].speakerType']);
  });
});
