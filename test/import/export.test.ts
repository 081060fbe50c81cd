// Contract: GET /v1/export gives the content (or a filtered part) as a bundle that imports into an empty database
// to the same content: export → import → export gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { counts, exportBundle, kurskBundle, postBundle } from './bundles.js';

const sample = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'newsroom-sample.json'),
    'utf8',
  ),
);

describe('GET /v1/export', () => {
  const source = useApp();
  const target = useApp();
  let quote: any;

  beforeAll(async () => {
    expect((await postBundle(source.app, source.auth, sample)).statusCode).toBe(200);
    expect((await postBundle(source.app, source.auth, kurskBundle())).statusCode).toBe(200);
    // Made through the API, without keys: their ids stand in for keys in the bundle.
    quote = json(
      await source.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: source.auth,
        payload: { text: 'Typed by an editor.', speaker: 'Desk', saidAt: '2025-01-10T11:30:00+02:00' },
      }),
    );
    const draft = await source.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: source.auth,
      payload: { headline: 'A draft with an API quote', body: [{ type: 'quote', quoteId: quote.id }] },
    });
    expect(draft.statusCode).toBe(201);
  });

  it('round-trips: export → import into an empty database → export gives the same bytes', async () => {
    const first = await exportBundle(source.app, source.auth);
    const bundle = JSON.parse(first);
    expect(bundle.images).toHaveLength(sample.images.length + 1);
    expect(bundle.quotes).toHaveLength(sample.quotes.length + 5);
    expect(bundle.articles).toHaveLength(sample.articles.length + 2);
    expect(bundle.quotes.at(-1)).toEqual({
      key: quote.id,
      text: 'Typed by an editor.',
      speaker: 'Desk',
      speakerType: 'person',
      speakerRole: null,
      organisation: null,
      channel: null,
      sourceUrl: null,
      saidAt: '2025-01-10T09:30:00.000Z',
    });
    expect(bundle.articles.at(-1)).toMatchObject({
      slug: 'a-draft-with-an-api-quote',
      status: 'draft',
      publishedAt: null,
      leadImage: null,
      body: [{ type: 'quote', quote: quote.id }],
    });
    expect(bundle.articles.at(-2).body[1]).toEqual({ type: 'quote', quote: 'nis-capture' });

    const loaded = await postBundle(target.app, target.auth, bundle);
    expect(loaded.statusCode).toBe(200);
    expect(json(loaded).created).toEqual(
      counts(sample.articles.length + 2, sample.images.length + 1, sample.quotes.length + 5),
    );
    const second = await exportBundle(target.app, target.auth);
    expect(second).toBe(first);

    // The export loads back into its own database as "nothing changed": API-made items are found by id.
    const again = await postBundle(source.app, source.auth, bundle);
    expect(json(again)).toEqual({
      created: counts(0, 0, 0),
      updated: counts(0, 0, 0),
      unchanged: counts(sample.articles.length + 2, sample.images.length + 1, sample.quotes.length + 5),
    });
  });

  it('streams JSON with no-store caching', async () => {
    const res = await source.app.inject({ method: 'GET', url: '/v1/export', headers: source.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });

  it('filters by section, tag and since, with exactly the images and quotes the articles use', async () => {
    const kurskOnly = JSON.parse(await exportBundle(source.app, source.auth, '?tag=north-korea'));
    expect(kurskOnly.articles.map((a: any) => a.slug)).toEqual(['ukraine-captures-north-korean-soldier-kursk']);
    expect(kurskOnly.images.map((i: any) => i.key)).toEqual(['kim-meets-soldiers']);
    expect(kurskOnly.quotes.map((q: any) => q.key)).toEqual([
      'nis-capture',
      'nis-death',
      'militarnyi-trophies',
      'zelensky-risk',
    ]);

    const sport = JSON.parse(await exportBundle(source.app, source.auth, '?section=sport'));
    const expected = sample.articles.filter((a: any) => a.section === 'sport').map((a: any) => a.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(sport.articles.map((a: any) => a.slug)).toEqual(expected);
    const used = new Set(sport.articles.flatMap((a: any) => [a.leadImage, ...a.body.map((b: any) => b.image)]));
    used.delete(undefined);
    expect(new Set(sport.images.map((i: any) => i.key))).toEqual(used);

    // A filtered export loads on its own into an empty database.
    const empty = await exportBundle(target.app, target.auth, '?section=no-such-section');
    expect(JSON.parse(empty)).toEqual({ images: [], quotes: [], articles: [] });

    const future = JSON.parse(await exportBundle(source.app, source.auth, '?since=2100-01-01T00:00:00Z'));
    expect(future.articles).toEqual([]);
    const before = new Date(Date.now() - 60_000).toISOString();
    const changed = await postBundle(source.app, source.auth, {
      quotes: [{ ...kurskBundle().quotes[3], text: 'Changed: the article showing me counts as changed.' }],
    });
    expect(json(changed).updated.quotes).toBe(1);
    const recent = JSON.parse(await exportBundle(source.app, source.auth, `?since=${encodeURIComponent(before)}`));
    expect(recent.articles.map((a: any) => a.slug)).toContain('ukraine-captures-north-korean-soldier-kursk');
  });

  it('needs a token, and refuses bad filters with a 400', async () => {
    expect((await source.app.inject({ method: 'GET', url: '/v1/export' })).statusCode).toBe(401);
    for (const query of ['?since=yesterday', '?section=', '?sort=slug']) {
      const res = await source.app.inject({ method: 'GET', url: `/v1/export${query}`, headers: source.auth });
      expect(res.statusCode, query).toBe(400);
      expect(json(res).errors).toHaveLength(1);
    }
  });
});
