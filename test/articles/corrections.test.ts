// Contract: correction notices are added, changed and removed with If-Match, each a new revision with a new updatedAt
// and ETag; they show (oldest first) on the single read, in lists and in the write answers; an export loaded into an
// empty database gives the same notices, and loading it again changes nothing.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { json, makeApp, type TestContext, useApp } from '../helpers/app.js';

describe('corrections', () => {
  const ctx = useApp();

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
    ctx.app.inject({ method, url, headers: { ...ctx.auth, ...headers }, payload: payload as object });

  async function publishedArticle(headline: string) {
    const res = await call('POST', '/v1/articles', { headline, status: 'published' });
    expect(res.statusCode).toBe(201);
    return { article: json(res), etag: res.headers.etag as string };
  }

  it('adds a notice: 201 with the article carrying it, a new revision, updatedAt and ETag', async () => {
    const { article, etag } = await publishedArticle('A story with a mistake');
    const res = await call(
      'POST',
      `/v1/articles/${article.slug}/corrections`,
      { text: 'An earlier version misspelt the minister’s name.' },
      { 'if-match': etag },
    );
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body.revision).toBe(2);
    expect(body.updatedAt > article.updatedAt).toBe(true);
    expect(res.headers.etag).not.toBe(etag);
    expect(body.corrections).toHaveLength(1);
    expect(body.corrections[0]).toMatchObject({
      type: 'correction',
      text: 'An earlier version misspelt the minister’s name.',
    });
    expect(body.corrections[0].id).toMatch(/^[0-9A-Z]{26}$/);
    expect(body.corrections[0].createdAt).toBe(body.updatedAt);
    // On the single read (with the same ETag), anonymously too, and in the public list.
    const read = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${article.id}` });
    expect(json(read).corrections).toEqual(body.corrections);
    expect(read.headers.etag).toBe(res.headers.etag);
    const list = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles?limit=100' }));
    expect(list.data.find((item: { id: string }) => item.id === article.id).corrections).toEqual(body.corrections);
    const revisions = json(await call('GET', `/v1/articles/${article.id}/revisions`));
    expect(revisions.data[0]).toMatchObject({ revision: 2, author: 'test-editor', changed: ['corrections'] });
  });

  it('keeps notices oldest first; changes and removes one by id, each a revision; the same values change nothing', async () => {
    const { article } = await publishedArticle('Two notices');
    const first = json(await call('POST', `/v1/articles/${article.id}/corrections`, { text: 'First.' }));
    const second = json(
      await call('POST', `/v1/articles/${article.id}/corrections`, { type: 'clarification', text: 'Second.' }),
    );
    expect(second.corrections.map((c: { text: string }) => c.text)).toEqual(['First.', 'Second.']);
    const firstId = first.corrections[0].id;
    const patched = await call('PATCH', `/v1/articles/${article.id}/corrections/${firstId}`, {
      text: 'First, fixed.',
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched).revision).toBe(4);
    expect(json(patched).corrections[0]).toEqual({ ...first.corrections[0], text: 'First, fixed.' });
    const same = await call('PATCH', `/v1/articles/${article.id}/corrections/${firstId}`, { text: 'First, fixed.' });
    expect(json(same).revision).toBe(4);
    expect(same.headers.etag).toBe(patched.headers.etag);
    const deleted = await call('DELETE', `/v1/articles/${article.id}/corrections/${firstId}`);
    expect(deleted.statusCode).toBe(200);
    expect(json(deleted).revision).toBe(5);
    expect(json(deleted).corrections.map((c: { text: string }) => c.text)).toEqual(['Second.']);
  });

  it('answers 412 on a stale If-Match and changes nothing', async () => {
    const { article, etag } = await publishedArticle('Stale tag');
    await call('PATCH', `/v1/articles/${article.id}`, { standfirst: 'Edited meanwhile' });
    const res = await call(
      'POST',
      `/v1/articles/${article.id}/corrections`,
      { text: 'Too late.' },
      { 'if-match': etag },
    );
    expect(res.statusCode).toBe(412);
    expect(json(await call('GET', `/v1/articles/${article.id}`)).corrections).toEqual([]);
  });

  it('refuses bad input with a problem naming the field, and a correction of another article with a 404', async () => {
    const { article } = await publishedArticle('Bad input');
    const other = (await publishedArticle('Another story')).article;
    const notice = json(await call('POST', `/v1/articles/${other.id}/corrections`, { text: 'Theirs.' })).corrections[0];
    const cases: Array<[unknown, string]> = [
      [{ text: '' }, 'text'],
      [{ text: 'x'.repeat(2001) }, 'text'],
      [{ text: 'ok', type: 'erratum' }, 'type'],
      [{ text: 'ok', txt: 'typo' }, 'txt'],
      [{}, 'text'],
    ];
    for (const [payload, path] of cases) {
      const res = await call('POST', `/v1/articles/${article.id}/corrections`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(json(res).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    // 2,000 emoji are 2,000 characters (code points), not 4,000.
    expect((await call('POST', `/v1/articles/${article.id}/corrections`, { text: '😀'.repeat(2000) })).statusCode).toBe(
      201,
    );
    const foreign = await call('PATCH', `/v1/articles/${article.id}/corrections/${notice.id}`, { text: 'Mine now' });
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign).detail).toContain(notice.id);
    expect((await call('DELETE', `/v1/articles/${article.id}/corrections/${notice.id}`)).statusCode).toBe(404);
    expect((await call('POST', '/v1/articles/no-such-article/corrections', { text: 'x' })).statusCode).toBe(404);
    const unchanged = json(await call('GET', `/v1/articles/${article.id}`));
    expect(unchanged.revision).toBe(2);
    expect(json(await call('GET', `/v1/articles/${other.id}`)).corrections).toEqual([notice]);
  });

  it('needs a token with the write scope', async () => {
    const { article } = await publishedArticle('Token needed');
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: `/v1/articles/${article.id}/corrections`,
      payload: { text: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    const reader = await ctx.makeToken('corrections-reader', ['read']);
    const readOnly = await ctx.app.inject({
      method: 'POST',
      url: `/v1/articles/${article.id}/corrections`,
      headers: { authorization: `Bearer ${reader}` },
      payload: { text: 'x' },
    });
    expect(readOnly.statusCode).toBe(403);
  });
});

describe('corrections in bundles', () => {
  let source: TestContext | undefined;
  let target: TestContext | undefined;
  afterEach(async () => {
    for (const ctx of [source, target]) {
      if (!ctx) continue;
      await ctx.app.close();
      fs.rmSync(ctx.dataDir, { recursive: true, force: true });
    }
    source = target = undefined;
  });

  it('export → import into an empty database gives the same corrections; loading again changes nothing', async () => {
    source = await makeApp();
    target = await makeApp();
    const s = source;
    const created = json(
      await s.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: s.auth,
        payload: { headline: 'Carried over', status: 'published' },
      }),
    );
    for (const payload of [{ text: 'One.' }, { type: 'clarification', text: 'Two.' }]) {
      await s.app.inject({ method: 'POST', url: `/v1/articles/${created.id}/corrections`, headers: s.auth, payload });
    }
    const exported = await s.app.inject({ method: 'GET', url: '/v1/export', headers: s.auth });
    expect(exported.statusCode).toBe(200);
    const bundle = JSON.parse(exported.payload);
    const expected = json(await s.app.inject({ method: 'GET', url: `/v1/articles/${created.id}` })).corrections;
    expect(bundle.articles[0].corrections).toEqual(expected);

    const load = () =>
      target!.app.inject({ method: 'POST', url: '/v1/import', headers: target!.auth, payload: bundle });
    expect(json(await load()).created.articles).toBe(1);
    const loaded = json(await target.app.inject({ method: 'GET', url: '/v1/articles/carried-over' }));
    expect(loaded.corrections).toEqual(expected);
    expect(json(await load()).unchanged.articles).toBe(1);

    // Without ids, notices are matched by type and text: still unchanged. Left out: kept.
    const withoutIds = structuredClone(bundle);
    withoutIds.articles[0].corrections = expected.map((c: { type: string; text: string }) => ({
      type: c.type,
      text: c.text,
    }));
    const again = await target.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: target.auth,
      payload: withoutIds,
    });
    expect(json(again).unchanged.articles).toBe(1);
    const leftOut = structuredClone(bundle);
    delete leftOut.articles[0].corrections;
    const kept = await target.app.inject({ method: 'POST', url: '/v1/import', headers: target.auth, payload: leftOut });
    expect(json(kept).unchanged.articles).toBe(1);
    expect(json(await target.app.inject({ method: 'GET', url: '/v1/articles/carried-over' })).corrections).toEqual(
      expected,
    );

    // A changed notice is one update and one revision, by the importing token's name.
    const changed = structuredClone(bundle);
    changed.articles[0].corrections[0].text = 'One, fixed.';
    const res = await target.app.inject({ method: 'POST', url: '/v1/import', headers: target.auth, payload: changed });
    expect(json(res).updated.articles).toBe(1);
    const revisions = json(
      await target.app.inject({ method: 'GET', url: `/v1/articles/${loaded.id}/revisions`, headers: target.auth }),
    );
    expect(revisions.meta.total).toBe(2);
    expect(revisions.data[0]).toMatchObject({ revision: 2, author: 'test-editor', changed: ['corrections'] });

    // The same id twice in one article is a bad bundle.
    const twice = structuredClone(bundle);
    twice.articles[0].corrections[1].id = twice.articles[0].corrections[0].id;
    const bad = await target.app.inject({ method: 'POST', url: '/v1/import', headers: target.auth, payload: twice });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((e: { path: string }) => e.path)).toContain('articles[0].corrections[1].id');
  });
});
