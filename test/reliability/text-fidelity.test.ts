// Contract: text is stored verbatim: any valid Unicode (emoji, right-to-left, combining marks, NUL and other
// controls) reads back equal, and what cannot be stored verbatim (invalid UTF-8 bytes, unpaired surrogates, another
// charset) is a 400/415 problem that stores nothing, rather than text silently altered.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { awkwardText } from './arbitraries.js';
import { expectProblemShape, openStoredRows, type StoredRows } from './helpers.js';

/** Valid Unicode text with at least one non-space character (required fields refuse blank text). */
const text = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength }),
      awkwardText,
      fc.tuple(awkwardText, fc.string({ unit: 'binary', maxLength: 10 }), awkwardText).map((parts) => parts.join('')),
    )
    .map((value) => `${value}x`)
    .filter((value) => [...value].length <= maxLength);

describe('text fidelity', () => {
  const ctx = useApp();
  let stored: StoredRows;
  beforeAll(async () => {
    stored = await openStoredRows(ctx);
  });
  afterAll(() => stored?.close());

  const post = (url: string, payload: string | Buffer, contentType = 'application/json') =>
    ctx.app.inject({ method: 'POST', url, headers: { ...ctx.auth, 'content-type': contentType }, payload });

  it('any valid Unicode text reads back exactly as sent (quotes, articles, images)', async () => {
    const arb = fc.record({
      quote: fc.record({
        text: text(200),
        speaker: text(100),
        speakerRole: fc.option(text(100)),
        channel: fc.option(text(100)),
      }),
      headline: text(300),
      standfirst: text(500),
      paragraphs: fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 4 }),
      tag: text(50).filter((tag) => tag.trim() === tag),
      altText: fc.string({ unit: 'binary', maxLength: 200 }),
      caption: text(200),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const quoteBody = {
          ...input.quote,
          speakerRole: input.quote.speakerRole ?? null,
          channel: input.quote.channel ?? null,
        };
        const quote = await post('/v1/quotes', JSON.stringify(quoteBody));
        expect(quote.statusCode, quote.payload).toBe(201);
        const quoteRead = json(await ctx.app.inject({ method: 'GET', url: `/v1/quotes/${json(quote).id}` }));
        expect(quoteRead).toMatchObject(quoteBody);

        const image = await post(
          '/v1/images',
          JSON.stringify({ sourceUrl: 'https://example.org/p.jpg', altText: input.altText, caption: input.caption }),
        );
        expect(image.statusCode, image.payload).toBe(201);
        const imageRead = json(await ctx.app.inject({ method: 'GET', url: `/v1/images/${json(image).id}` }));
        expect(imageRead.altText).toBe(input.altText);
        expect(imageRead.caption).toBe(input.caption);

        const articleBody = {
          headline: input.headline,
          standfirst: input.standfirst,
          tags: [input.tag],
          body: input.paragraphs.map((paragraph) => ({ type: 'paragraph', text: paragraph })),
        };
        const article = await post('/v1/articles', JSON.stringify(articleBody));
        expect(article.statusCode, article.payload).toBe(201);
        const articleRead = json(
          await ctx.app.inject({ method: 'GET', url: `/v1/articles/${json(article).id}`, headers: ctx.auth }),
        );
        expect(articleRead).toMatchObject(articleBody);
      }),
      { numRuns: 300 },
    );
  });

  it('NUL, right-to-left and emoji survive a round trip through PATCH too', async () => {
    const created = json(await post('/v1/quotes', JSON.stringify({ text: 'a', speaker: 'b' })));
    const patch = { text: 'قال\u0000 "שלום" 👩‍👩‍👧‍👦 \u202eevil\u202c', speaker: '🇺🇦 Зеленський' };
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/quotes/${created.id}`,
      headers: ctx.auth,
      payload: patch,
    });
    expect(res.statusCode).toBe(200);
    const read = json(await ctx.app.inject({ method: 'GET', url: `/v1/quotes/${created.id}` }));
    expect(read.text).toBe(patch.text);
    expect(read.speaker).toBe(patch.speaker);
  });

  it('an escaped surrogate pair is one emoji; an unpaired one is a 400 naming the field, and nothing is stored', async () => {
    const pair = await post('/v1/quotes', String.raw`{"text":"\ud83d\ude00","speaker":"x"}`);
    expect(pair.statusCode).toBe(201);
    expect(json(pair).text).toBe('😀');

    const before = await stored.snapshot();
    const cases: Array<[string, string]> = [
      [String.raw`{"text":"a\ud800b","speaker":"x"}`, 'text'],
      [String.raw`{"text":"ok","speaker":"\udfff"}`, 'speaker'],
      [String.raw`{"text":"ok","speaker":"x","channel":"\ude00\ud83d"}`, 'channel'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('/v1/quotes', payload);
      expect(res.statusCode).toBe(400);
      const body = expectProblemShape(res) as { errors?: Array<{ path: string }> };
      expect(body.errors?.map((e) => e.path)).toEqual([field]);
    }
    const article = await post(
      '/v1/articles',
      String.raw`{"headline":"h","body":[{"type":"paragraph","text":"\ud800"}]}`,
    );
    expect(article.statusCode).toBe(400);
    expect(json(article).errors).toEqual([expect.objectContaining({ path: 'body[0].text' })]);
    expect(await stored.snapshot()).toBe(before);
  });

  it('invalid UTF-8 bytes are a 400 (not stored as U+FFFD), and nothing is stored', async () => {
    const before = await stored.snapshot();
    const prefix = Buffer.from('{"text":"caf');
    const suffix = Buffer.from('","speaker":"x"}');
    for (const bytes of [[0xe9], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const res = await post('/v1/quotes', Buffer.concat([prefix, Buffer.from(bytes), suffix]));
      expect(res.statusCode, bytes.join(',')).toBe(400);
      expect(expectProblemShape(res).code).toBe('INVALID_ENCODING');
    }
    expect(await stored.snapshot()).toBe(before);
    // The same text in proper UTF-8 is taken.
    const good = await post('/v1/quotes', Buffer.concat([prefix, Buffer.from('é'), suffix]));
    expect(json(good).text).toBe('café');
  });

  it('JSON in a charset other than UTF-8 is a 415; charset=utf-8 in any case is fine', async () => {
    const body = JSON.stringify({ text: 'a', speaker: 'b' });
    const latin1 = await post('/v1/quotes', body, 'application/json; charset=iso-8859-1');
    expect(latin1.statusCode).toBe(415);
    expectProblemShape(latin1);
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json']) {
      expect((await post('/v1/quotes', body, type)).statusCode, type).toBe(201);
    }
  });

  it('__proto__ and constructor keys are refused at any depth, and no prototype is polluted', async () => {
    const before = await stored.snapshot();
    for (const payload of [
      '{"text":"a","speaker":"b","__proto__":{"polluted":1}}',
      '{"text":"a","speaker":"b","constructor":{"prototype":{"polluted":1}}}',
      '{"headline":"h","body":[{"type":"paragraph","text":"t","__proto__":{"polluted":1}}]}',
    ]) {
      const url = payload.includes('headline') ? '/v1/articles' : '/v1/quotes';
      const res = await post(url, payload);
      expect(res.statusCode, payload).toBe(400);
      expectProblemShape(res);
    }
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(await stored.snapshot()).toBe(before);
  });
});
