// Contract: every write of an article stores it as it then stood, with its author and the fields it changed; revisions
// list newest first (paged), read one by one (write-body shape), restore with If-Match (409 listing missing images and
// quotes, nothing changed), compare field by field, and go when the article is deleted. They need a token.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { tableRows } from '../helpers/tables.js';

describe('revisions', () => {
  const ctx = useApp();

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
    ctx.app.inject({ method, url, headers: { ...ctx.auth, ...headers }, payload: payload as object });

  async function quote(text: string) {
    return json(await call('POST', '/v1/quotes', { text, speaker: 'A. Speaker' })).id as string;
  }

  it('records each write with its author and the fields it changed; no-op writes record nothing', async () => {
    const created = json(
      await call('POST', '/v1/articles', {
        headline: 'Revised story',
        tags: ['one'],
        body: [{ type: 'paragraph', text: 'A' }],
      }),
    );
    await call('PATCH', `/v1/articles/${created.id}`, { standfirst: 'A dek' });
    await call('PATCH', `/v1/articles/${created.id}`, { standfirst: 'A dek' });
    const other = await ctx.makeToken('bob');
    await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/articles/${created.id}`,
      headers: { authorization: `Bearer ${other}` },
      payload: { status: 'published' },
    });
    const list = await call('GET', `/v1/articles/${created.slug}/revisions`);
    expect(list.statusCode).toBe(200);
    const body = json(list);
    expect(body.meta).toEqual({ total: 3, limit: 20, nextCursor: null });
    expect(body.data).toEqual([
      { revision: 3, createdAt: expect.any(String), author: 'bob', changed: ['status', 'publishedAt'] },
      { revision: 2, createdAt: expect.any(String), author: 'test-editor', changed: ['standfirst'] },
      {
        revision: 1,
        createdAt: created.createdAt,
        author: 'test-editor',
        changed: ['slug', 'headline', 'tags', 'body', 'status'],
      },
    ]);

    const one = await call('GET', `/v1/articles/${created.id}/revisions/2`);
    expect(one.statusCode).toBe(200);
    expect(json(one)).toEqual({
      revision: 2,
      createdAt: body.data[1].createdAt,
      author: 'test-editor',
      changed: ['standfirst'],
      article: {
        id: created.id,
        slug: 'revised-story',
        headline: 'Revised story',
        standfirst: 'A dek',
        section: null,
        tags: ['one'],
        byline: null,
        body: [{ type: 'paragraph', text: 'A' }],
        leadImageId: null,
        status: 'draft',
        publishedAt: null,
        corrections: [],
      },
    });
    const etag = one.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(
      (await call('GET', `/v1/articles/${created.id}/revisions/2`, undefined, { 'if-none-match': etag })).statusCode,
    ).toBe(304);
  });

  it('answers the newest revision as the article stands, and the same once later writes have superseded it', async () => {
    const created = json(await call('POST', '/v1/articles', { headline: 'Kept as it was', tags: ['a'] }));
    const newest = await call('GET', `/v1/articles/${created.id}/revisions/1`);
    expect(newest.statusCode).toBe(200);
    expect(json(newest).article).toMatchObject({ headline: 'Kept as it was', tags: ['a'], status: 'draft' });
    await call('PATCH', `/v1/articles/${created.id}`, { headline: 'Changed', tags: ['b'] });
    await call('PATCH', `/v1/articles/${created.id}`, { status: 'published' });
    const again = await call('GET', `/v1/articles/${created.id}/revisions/1`);
    expect(json(again)).toEqual(json(newest));
    expect(again.headers.etag).toBe(newest.headers.etag);
    expect(json(await call('GET', `/v1/articles/${created.id}/revisions/2`)).article).toMatchObject({
      headline: 'Changed',
      tags: ['b'],
      status: 'draft',
    });
    expect(json(await call('GET', `/v1/articles/${created.id}/revisions/3`)).article).toMatchObject({
      headline: 'Changed',
      status: 'published',
    });
  });

  it('pages newest first with limit and cursor, and refuses a bad cursor or limit', async () => {
    const created = json(await call('POST', '/v1/articles', { headline: 'Paged history' }));
    for (let i = 1; i <= 4; i++) await call('PATCH', `/v1/articles/${created.id}`, { byline: `Writer ${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ revision: number }>; meta: { total: number; nextCursor: string | null } } = json(
        await call('GET', `/v1/articles/${created.id}/revisions?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.meta.total).toBe(5);
      seen.push(...page.data.map((r) => r.revision));
      cursor = page.meta.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    for (const query of ['limit=0', 'cursor=garbage', 'sort=revision']) {
      const res = await call('GET', `/v1/articles/${created.id}/revisions?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(json(res).errors[0].path).toBe(query.split('=')[0]);
    }
  });

  it('answers 404 for an unknown revision, a revision of another article, or an unknown article; 400 for a non-number', async () => {
    const a = json(await call('POST', '/v1/articles', { headline: 'Article A' }));
    const b = json(await call('POST', '/v1/articles', { headline: 'Article B' }));
    await call('PATCH', `/v1/articles/${b.id}`, { byline: 'B' });
    for (const url of [
      `/v1/articles/${a.id}/revisions/2`,
      `/v1/articles/${a.id}/revisions/0`,
      `/v1/articles/${a.id}/revisions/1/diff/2`,
      '/v1/articles/nope/revisions',
    ]) {
      const res = await call('GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const restore = await call('POST', `/v1/articles/${a.id}/revisions/2/restore`);
    expect(restore.statusCode).toBe(404);
    const bad = await call('GET', `/v1/articles/${a.id}/revisions/two`);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].path).toBe('revision');
  });

  it('needs a token with the read scope (and write to restore)', async () => {
    const created = json(await call('POST', '/v1/articles', { headline: 'Private history', status: 'published' }));
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/articles/${created.id}/revisions` })).statusCode).toBe(401);
    const reader = { authorization: `Bearer ${await ctx.makeToken('history-reader', ['read'])}` };
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/v1/articles/${created.id}/revisions`, headers: reader }))
        .statusCode,
    ).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'POST', url: `/v1/articles/${created.id}/revisions/1/restore`, headers: reader }))
        .statusCode,
    ).toBe(403);
  });

  it('restores every field but status, publishedAt and corrections, as a new revision; identical content is a no-op', async () => {
    const q1 = await quote('First quote');
    const created = json(
      await call('POST', '/v1/articles', {
        headline: 'Original headline',
        standfirst: 'Original dek',
        tags: ['a'],
        body: [{ type: 'quote', quoteId: q1 }],
      }),
    );
    await call('PATCH', `/v1/articles/${created.id}`, {
      headline: 'Changed headline',
      standfirst: null,
      tags: ['b'],
      body: [],
      status: 'published',
    });
    const corrected = await call('POST', `/v1/articles/${created.id}/corrections`, { text: 'A notice.' });
    const etag = corrected.headers.etag as string;
    expect(
      (await call('POST', `/v1/articles/${created.id}/revisions/1/restore`, undefined, { 'if-match': '"stale"' }))
        .statusCode,
    ).toBe(412);
    const restored = await call('POST', `/v1/articles/${created.id}/revisions/1/restore`, undefined, {
      'if-match': etag,
    });
    expect(restored.statusCode).toBe(200);
    const article = json(restored);
    expect(article).toMatchObject({
      headline: 'Original headline',
      standfirst: 'Original dek',
      tags: ['a'],
      status: 'published',
      revision: 4,
      corrections: [{ text: 'A notice.' }],
    });
    expect(article.body[0]).toMatchObject({ type: 'quote', quoteId: q1, quote: { text: 'First quote' } });
    expect(restored.headers.etag).not.toBe(etag);
    // The quote is used again: deleting it is refused.
    expect((await call('DELETE', `/v1/quotes/${q1}`)).statusCode).toBe(409);
    const latest = json(await call('GET', `/v1/articles/${created.id}/revisions?limit=1`)).data[0];
    expect(latest).toMatchObject({ revision: 4, changed: ['headline', 'standfirst', 'tags', 'body'] });
    // Restoring the content it already has writes nothing.
    const again = await call('POST', `/v1/articles/${created.id}/revisions/1/restore`);
    expect(json(again).revision).toBe(4);
    expect(again.headers.etag).toBe(restored.headers.etag);
  });

  it('refuses to restore a revision naming a deleted image or quote: 409 listing them, nothing changed', async () => {
    const gone = await quote('Soon deleted');
    const image = json(
      await call('POST', '/v1/images', { sourceUrl: 'https://example.org/a.jpg', altText: 'A picture' }),
    ).id as string;
    const created = json(
      await call('POST', '/v1/articles', {
        headline: 'Missing references',
        leadImageId: image,
        body: [
          { type: 'quote', quoteId: gone },
          { type: 'image', imageId: image },
        ],
      }),
    );
    const edited = await call('PATCH', `/v1/articles/${created.id}`, { leadImageId: null, body: [] });
    expect((await call('DELETE', `/v1/quotes/${gone}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/images/${image}`)).statusCode).toBe(204);
    const res = await call('POST', `/v1/articles/${created.id}/revisions/1/restore`);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(json(res).missing).toEqual([
      { type: 'image', id: image },
      { type: 'quote', id: gone },
    ]);
    const now = await call('GET', `/v1/articles/${created.id}`);
    expect(json(now).revision).toBe(2);
    expect(now.headers.etag).toBe(edited.headers.etag);
  });

  it('refuses to restore a slug another article has taken since: 409 naming slug, nothing changed', async () => {
    const first = json(await call('POST', '/v1/articles', { headline: 'Slug owner', slug: 'contested-slug' }));
    await call('PATCH', `/v1/articles/${first.id}`, { slug: 'moved-away' });
    await call('POST', '/v1/articles', { headline: 'New owner', slug: 'contested-slug' });
    const res = await call('POST', `/v1/articles/${first.id}/revisions/1/restore`);
    expect(res.statusCode).toBe(409);
    expect(json(res).errors).toEqual([{ path: 'slug', message: 'already used by another article' }]);
    expect(json(await call('GET', `/v1/articles/${first.id}`))).toMatchObject({ slug: 'moved-away', revision: 2 });
  });

  it('compares two revisions field by field, and body block by block', async () => {
    const created = json(
      await call('POST', '/v1/articles', {
        headline: 'Diff me',
        body: [
          { type: 'paragraph', text: 'Kept' },
          { type: 'paragraph', text: 'Edited' },
          { type: 'heading', text: 'Dropped' },
        ],
      }),
    );
    await call('PATCH', `/v1/articles/${created.id}`, {
      headline: 'Diffed',
      body: [
        { type: 'paragraph', text: 'Kept' },
        { type: 'paragraph', text: 'Edited, now' },
      ],
    });
    await call('PATCH', `/v1/articles/${created.id}`, {
      body: [
        { type: 'paragraph', text: 'Kept' },
        { type: 'paragraph', text: 'Edited, now' },
        { type: 'paragraph', text: 'New' },
      ],
    });
    const res = await call('GET', `/v1/articles/${created.id}/revisions/1/diff/2`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      from: 1,
      to: 2,
      changed: ['headline', 'body'],
      fields: [{ field: 'headline', from: 'Diff me', to: 'Diffed' }],
      body: [
        { change: 'unchanged', from: 0, to: 0, block: { type: 'paragraph', text: 'Kept' } },
        {
          change: 'changed',
          from: 1,
          to: 1,
          before: { type: 'paragraph', text: 'Edited' },
          after: { type: 'paragraph', text: 'Edited, now' },
        },
        { change: 'removed', from: 2, before: { type: 'heading', text: 'Dropped' } },
      ],
    });
    const added = json(await call('GET', `/v1/articles/${created.id}/revisions/2/diff/3`));
    expect(added.fields).toEqual([]);
    expect(added.body.at(-1)).toEqual({ change: 'added', to: 2, after: { type: 'paragraph', text: 'New' } });
    const same = json(await call('GET', `/v1/articles/${created.id}/revisions/3/diff/3`));
    expect(same).toMatchObject({ changed: [], fields: [], body: null });
  });

  it('goes with the article', async () => {
    const created = json(await call('POST', '/v1/articles', { headline: 'Deleted with history' }));
    await call('PATCH', `/v1/articles/${created.id}`, { byline: 'Someone' });
    expect((await call('DELETE', `/v1/articles/${created.id}`)).statusCode).toBe(204);
    const left = (await tableRows(ctx, 'article_revisions')).filter((row) => row.article_id === created.id);
    expect(left.length).toBe(0);
  });

  it('records one revision per created or changed article of an import, none for unchanged ones', async () => {
    const bundle = {
      articles: [
        { slug: 'imported-one', headline: 'Imported one' },
        { slug: 'imported-two', headline: 'Imported two' },
      ],
    };
    const load = (payload: unknown) => call('POST', '/v1/import', payload);
    await load(bundle);
    await load(bundle);
    await load({ articles: [bundle.articles[0], { ...bundle.articles[1], byline: 'Changed' }] });
    const one = json(await call('GET', '/v1/articles/imported-one/revisions'));
    const two = json(await call('GET', '/v1/articles/imported-two/revisions'));
    expect(one.meta.total).toBe(1);
    expect(two.data.map((r: { revision: number; changed: string[] }) => [r.revision, r.changed])).toEqual([
      [2, ['byline']],
      [1, ['slug', 'headline', 'status']],
    ]);
  });
});
