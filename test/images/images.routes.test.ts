// Contract: images made from a URL are created, read, listed, filtered, searched, updated and deleted as the API's
// Image section says, with ETags, If-Match, and a 409 naming the articles that still use an image.
import { beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

const kim = {
  sourceUrl: 'https://example.org/media/kim-jong-un-meets-soldiers.jpg',
  altText: 'Kim Jong Un, centre left, greets a line of soldiers',
  caption: 'North Korean leader Kim Jong Un, center left, meets soldiers',
  credit: 'AP',
  creator: 'Korean Central News Agency',
  copyrightNotice: '© 2024 The Associated Press',
  focalPoint: { x: 0.4, y: 0.3 },
};

describe('images (JSON)', () => {
  const ctx = useApp();
  const create = (payload: object) => ctx.app.inject({ method: 'POST', url: '/v1/images', headers: ctx.auth, payload });

  it('creates an image from a URL: 201, Location, ETag, url = sourceUrl, no file facts', async () => {
    const res = await create(kim);
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(res.headers.location).toBe(`/v1/images/${body.id}`);
    expect(res.headers.etag).toMatch(/^"/);
    expect(body).toEqual({
      ...kim,
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      url: kim.sourceUrl,
      width: null,
      height: null,
      mimeType: null,
      bytes: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: body.createdAt,
    });
  });

  it('takes altText empty, optional fields absent (null), and ignores read-only fields', async () => {
    const res = await create({
      sourceUrl: 'http://example.org/a.png',
      altText: '',
      id: 'mine',
      url: 'https://evil.example/x.png',
      width: 5,
      height: 5,
      mimeType: 'text/html',
      bytes: 1,
      createdAt: '2000-01-01T00:00:00.000Z',
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({
      altText: '',
      caption: null,
      credit: null,
      focalPoint: null,
      url: 'http://example.org/a.png',
      width: null,
      mimeType: null,
    });
    expect(json(res).id).not.toBe('mine');
  });

  it('lists every failing field: missing sourceUrl and altText, unknown field, bad focal point', async () => {
    const res = await create({ captoin: 'x', focalPoint: { x: 1.5, y: -1 }, credit: 3 });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = json(res)
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['altText', 'captoin', 'credit', 'focalPoint.x', 'focalPoint.y', 'sourceUrl']);
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:image/png;base64,AAAA'],
    ['a relative URL', '/media/x.png'],
  ])('refuses sourceUrl as %s with 400 naming sourceUrl', async (_name, sourceUrl) => {
    const res = await create({ ...kim, sourceUrl });
    expect(res.statusCode).toBe(400);
    expect(json(res).errors.map((e: { path: string }) => e.path)).toEqual(['sourceUrl']);
  });

  it('refuses an unknown focal point field and a focal point that is not an object', async () => {
    const extra = await create({ ...kim, focalPoint: { x: 0.5, y: 0.5, z: 1 } });
    expect(extra.statusCode).toBe(400);
    expect(json(extra).errors[0].path).toBe('focalPoint.z');
    const text = await create({ ...kim, focalPoint: '{"x":0.5,"y":0.5}' });
    expect(text.statusCode).toBe(400);
    expect(json(text).errors[0].path).toBe('focalPoint');
  });

  it('needs a token to write, none to read; a bad token is a 401 even on a read', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/images', payload: kim })).statusCode).toBe(401);
    const { id } = json(await create(kim));
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/images/${id}` })).statusCode).toBe(200);
    const bad = await ctx.app.inject({
      method: 'GET',
      url: `/v1/images/${id}`,
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('reads back with an ETag and answers 304 to If-None-Match; unknown id is a 404 problem', async () => {
    const { id } = json(await create(kim));
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/images/${id}` });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ id, ...kim });
    const etag = res.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(res.headers['cache-control']).toMatch(/^public/);
    const again = await ctx.app.inject({ method: 'GET', url: `/v1/images/${id}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.payload).toBe('');
    const missing = await ctx.app.inject({ method: 'GET', url: '/v1/images/01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('patches partially, clears with null, takes a GET body back, and refuses a stale If-Match with 412', async () => {
    const created = await create(kim);
    const { id } = json(created);
    const etag = created.headers.etag as string;
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${id}`,
      headers: { ...ctx.auth, 'if-match': etag },
      payload: { caption: 'New caption', creator: null, focalPoint: null },
    });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ caption: 'New caption', creator: null, focalPoint: null, credit: 'AP' });
    expect(ok.headers.etag).not.toBe(etag);
    expect(Date.parse(json(ok).updatedAt)).toBeGreaterThan(Date.parse(json(created).updatedAt));

    const stale = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${id}`,
      headers: { ...ctx.auth, 'if-match': etag },
      payload: { caption: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale)).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });

    // What a GET returns can be sent back as it is.
    const read = json(await ctx.app.inject({ method: 'GET', url: `/v1/images/${id}` }));
    const back = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${id}`,
      headers: ctx.auth,
      payload: { ...read, altText: 'Edited' },
    });
    expect(back.statusCode).toBe(200);
    expect(json(back)).toMatchObject({ altText: 'Edited', caption: 'New caption', url: kim.sourceUrl });
  });

  it('refuses to PATCH a URL image to no sourceUrl (it would have no picture), and an empty URL', async () => {
    const { id } = json(await create(kim));
    for (const sourceUrl of [null, '']) {
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/v1/images/${id}`,
        headers: ctx.auth,
        payload: { sourceUrl },
      });
      expect(res.statusCode).toBe(400);
      expect(json(res).errors[0].path).toBe('sourceUrl');
    }
    const unknown = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${id}`,
      headers: ctx.auth,
      payload: { hedline: 'x' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).errors).toEqual([{ path: 'hedline', message: 'is not a known field' }]);
  });

  it('deletes: 204, then 404; a stale If-Match is a 412 and deletes nothing', async () => {
    const created = await create(kim);
    const { id } = json(created);
    await ctx.app.inject({ method: 'PATCH', url: `/v1/images/${id}`, headers: ctx.auth, payload: { caption: 'x' } });
    const stale = await ctx.app.inject({
      method: 'DELETE',
      url: `/v1/images/${id}`,
      headers: { ...ctx.auth, 'if-match': created.headers.etag as string },
    });
    expect(stale.statusCode).toBe(412);
    const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${id}`, headers: ctx.auth });
    expect(res.statusCode).toBe(204);
    expect(res.payload).toBe('');
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/images/${id}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${id}`, headers: ctx.auth })).statusCode).toBe(
      404,
    );
  });

  it('refuses to delete an image an article uses (lead or block): 409 listing the articles', async () => {
    const lead = json(await create(kim)).id;
    const inBlock = json(await create({ ...kim, caption: 'in a block' })).id;
    const article = async (slug: string, payload: object) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: `Story ${slug}`, slug, ...payload },
      });
      expect(res.statusCode).toBe(201);
      return json(res);
    };
    const a = await article('lead-story', { leadImageId: lead });
    const b = await article('block-story', { body: [{ type: 'image', imageId: inBlock }] });
    const c = await article('both-story', { leadImageId: inBlock });

    const leadRes = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${lead}`, headers: ctx.auth });
    expect(leadRes.statusCode).toBe(409);
    expect(json(leadRes)).toMatchObject({ status: 409, code: 'IN_USE', articles: [{ id: a.id, slug: 'lead-story' }] });

    const blockRes = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${inBlock}`, headers: ctx.auth });
    expect(blockRes.statusCode).toBe(409);
    const users = json(blockRes).articles as Array<{ id: string; slug: string }>;
    expect(users.map((u) => u.slug).sort()).toEqual(['block-story', 'both-story']);
    expect(users.map((u) => u.id).sort()).toEqual([b.id, c.id].sort());
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/images/${inBlock}` })).statusCode).toBe(200);
  });
});

describe('image lists', () => {
  const ctx = useApp();
  const ids: string[] = [];

  // Every test below reads these five, in this order of creation.
  beforeAll(async () => {
    const items = [
      { altText: 'Soldiers at the border', credit: 'AP', caption: 'Kursk region' },
      { altText: 'A tank', credit: 'Reuters', creator: 'Jane Photographer' },
      { altText: 'Zelensky at a press conference', credit: 'AP', copyrightNotice: '© Presidential Office' },
      { altText: '', credit: 'ap', caption: 'Seoul skyline' },
      { altText: 'Map of the front', credit: null },
    ];
    for (const [index, item] of items.entries()) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/images',
        headers: ctx.auth,
        payload: { sourceUrl: `https://example.org/${index}.jpg`, ...item },
      });
      expect(res.statusCode).toBe(201);
      ids.push(json(res).id);
    }
  });

  const list = async (query: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/images${query}` });
    expect(res.statusCode).toBe(200);
    return json(res) as { data: Array<{ id: string; credit: string | null }>; meta: any };
  };

  it('lists newest first by default, with total and limit', async () => {
    const page = await list('');
    expect(page.data.map((i) => i.id)).toEqual([...ids].reverse());
    expect(page.meta).toEqual({ total: 5, limit: 20, nextCursor: null });
  });

  it('sorts oldest first with sort=createdAt and by updatedAt', async () => {
    expect((await list('?sort=createdAt')).data.map((i) => i.id)).toEqual(ids);
    await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${ids[0]}`,
      headers: ctx.auth,
      payload: { caption: 'x' },
    });
    expect((await list('?sort=-updatedAt')).data[0]!.id).toBe(ids[0]);
  });

  it('pages with a cursor, every item once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.meta.total).toBe(5);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.meta.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by credit, exactly', async () => {
    const ap = await list('?credit=AP');
    expect(ap.data.map((i) => i.id)).toEqual([ids[2], ids[0]]);
    expect(ap.meta.total).toBe(2);
    expect((await list('?credit=Reuters')).data.map((i) => i.id)).toEqual([ids[1]]);
  });

  it('searches alt text, caption, credit, creator and copyright notice (q)', async () => {
    const q = async (text: string) => (await list(`?q=${encodeURIComponent(text)}`)).data.map((i) => i.id).sort();
    expect(await q('soldiers')).toEqual([ids[0]]);
    expect(await q('seoul')).toEqual([ids[3]]);
    expect(await q('reuters')).toEqual([ids[1]]);
    expect(await q('photographer')).toEqual([ids[1]]);
    expect(await q('presidential')).toEqual([ids[2]]);
    expect(await q('zelen')).toEqual([ids[2]]);
    expect(await q('"  *')).toEqual([]);
    expect(await q('nothing-matches-this')).toEqual([]);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    for (const [query, path] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?cursor=garbage!', 'cursor'],
      ['?sort=speaker', 'sort'],
      ['?colour=red', 'colour'],
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/images${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(json(res).errors[0].path, query).toBe(path);
    }
  });
});
