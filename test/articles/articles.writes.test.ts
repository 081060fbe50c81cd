// Contract: the answer to a create or an update (its body, ETag and Location) is the article exactly as a GET then
// reads it, resolved, although the write path builds it from what it wrote instead of reading it back.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

describe('article writes answer with the stored article', () => {
  const ctx = useApp();

  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...ctx.auth, ...headers }, payload: payload as object });
  const read = (url: string) => ctx.app.inject({ method: 'GET', url, headers: ctx.auth });

  async function references() {
    const image = json(
      await send('POST', '/v1/images', { sourceUrl: 'https://example.org/a.jpg', altText: 'A', caption: 'C' }),
    );
    const quote = json(await send('POST', '/v1/quotes', { text: 'Words', speaker: 'Someone', speakerRole: 'Role' }));
    expect(image.id).toBeTypeOf('string');
    expect(quote.id).toBeTypeOf('string');
    return { imageId: image.id as string, quoteId: quote.id as string };
  }

  it('creates: the 201 body and ETag are those of the GET that follows', async () => {
    const { imageId, quoteId } = await references();
    const created = await send('POST', '/v1/articles', {
      headline: 'Built from the input',
      standfirst: 'Standfirst',
      section: 'world',
      tags: ['a', 'b'],
      byline: 'Reporter',
      status: 'published',
      leadImageId: imageId,
      body: [
        { type: 'paragraph', text: 'One' },
        { type: 'image', imageId },
        { type: 'quote', quoteId },
        { type: 'heading', text: 'Two' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const body = json(created);
    expect(created.headers.location).toBe(`/v1/articles/${body.id}`);
    const again = await read(`/v1/articles/${body.id}`);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(body);
    expect(again.headers.etag).toBe(created.headers.etag);
    expect(body.body[1].image.id).toBe(imageId);
    expect(body.body[2].quote.id).toBe(quoteId);
    expect(body.leadImage.id).toBe(imageId);
  });

  it('creates a draft with defaults (no body, tags or lead image) as a GET reads it', async () => {
    const created = await send('POST', '/v1/articles', { headline: 'Bare draft' });
    expect(created.statusCode).toBe(201);
    const body = json(created);
    expect(body).toMatchObject({ status: 'draft', publishedAt: null, tags: [], body: [], leadImage: null });
    const again = await read(`/v1/articles/${body.id}`);
    expect(json(again)).toEqual(body);
    expect(again.headers.etag).toBe(created.headers.etag);
  });

  it('updates: the 200 body and ETag are those of the GET that follows, whatever the patch touches', async () => {
    const { imageId, quoteId } = await references();
    const other = await references();
    const created = json(
      await send('POST', '/v1/articles', {
        headline: 'To be patched',
        leadImageId: imageId,
        body: [{ type: 'quote', quoteId }],
      }),
    );
    const patches = [
      { standfirst: 'A new standfirst' },
      { status: 'published' },
      { leadImageId: other.imageId },
      {
        body: [
          { type: 'image', imageId },
          { type: 'quote', quoteId: other.quoteId },
        ],
      },
      { tags: ['x'], section: null, slug: 'patched-slug' },
      { leadImageId: null, status: 'archived' },
    ];
    let etag = created.etag as string | undefined;
    for (const patch of patches) {
      const updated = await send('PATCH', `/v1/articles/${created.id}`, patch);
      expect(updated.statusCode).toBe(200);
      const again = await read(`/v1/articles/${created.id}`);
      expect(json(again)).toEqual(json(updated));
      expect(again.headers.etag).toBe(updated.headers.etag);
      expect(updated.headers.etag).not.toBe(etag);
      etag = updated.headers.etag as string;
    }
    const final = json(await read(`/v1/articles/${created.id}`));
    expect(final).toMatchObject({
      slug: 'patched-slug',
      tags: ['x'],
      section: null,
      leadImage: null,
      status: 'archived',
    });
    expect(final.body.map((b: any) => b.image?.id ?? b.quote?.id)).toEqual([imageId, other.quoteId]);
  });

  it('keeps tag lists in step with the status and publishedAt a create or an update writes', async () => {
    const listed = async (tag: string) =>
      json(await ctx.app.inject({ method: 'GET', url: `/v1/articles?tag=${tag}` })).data.map((a: any) => a.id);
    const made = json(await send('POST', '/v1/articles', { headline: 'Tagged', tags: ['step'], status: 'published' }));
    expect(await listed('step')).toEqual([made.id]);
    await send('PATCH', `/v1/articles/${made.id}`, { status: 'draft' });
    expect(await listed('step')).toEqual([]);
    await send('PATCH', `/v1/articles/${made.id}`, { status: 'published', tags: ['step', 'other'] });
    expect(await listed('step')).toEqual([made.id]);
    expect(await listed('other')).toEqual([made.id]);
    await send('PATCH', `/v1/articles/${made.id}`, { publishedAt: '2999-01-01T00:00:00.000Z' });
    expect(await listed('other')).toEqual([]);
  });

  it('still refuses a stale If-Match, and takes the current one', async () => {
    const created = await send('POST', '/v1/articles', { headline: 'Guarded' });
    const etag = created.headers.etag as string;
    const first = await send('PATCH', `/v1/articles/${json(created).id}`, { standfirst: 'one' }, { 'if-match': etag });
    expect(first.statusCode).toBe(200);
    const stale = await send('PATCH', `/v1/articles/${json(created).id}`, { standfirst: 'two' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(json(await read(`/v1/articles/${json(created).id}`)).standfirst).toBe('one');
  });
});
