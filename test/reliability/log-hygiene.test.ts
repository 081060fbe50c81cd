// Contract: logs are pino JSON lines that never hold a token or any text of a request body, whatever happens to the
// request: success, refusal (400, 401, 403, 413) or a server failure (500).
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeTestDatabase, tempDataDir } from '../helpers/app.js';

/** Body text that must never reach a log line: each a distinctive marker. */
const SECRET = {
  headline: 'Minister-resigns-zx81q',
  paragraph: 'Embargoed-paragraph-qq7w3',
  quote: 'Off-the-record-remark-j4k9p',
  speaker: 'Confidential-source-m2v8',
  unknownField: 'hedline-typo-r5t6',
  badJson: 'broken-json-c3x0',
  tooLarge: 'oversized-body-b8n1',
  exploding: 'exploding-body-h6g2',
};

describe('logs', () => {
  const lines: string[] = [];
  let app: App;
  let token: string;
  let readOnly: string;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    const database = await makeTestDatabase(dataDir);
    token = (await database.tokens.create('logged-editor')).token;
    readOnly = (await database.tokens.create('logged-reader', ['read'])).token;
    await database.close();

    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    // The most talkative level: nothing a plugin logs at any level may carry a secret.
    app = await buildApp({
      config: loadConfig({ ...database.env, BODY_LIMIT: '4096' }),
      logger: { level: 'trace', stream },
    });
    // A route that fails the way a bug would, after reading the body: the 500 path must not log the request.
    // A schema, even an empty one, gets the problem responses (500 among them) documented like every route's.
    app.post('/v1/test-explode', { config: { scope: 'write' }, schema: {} }, async (request) => {
      const body = request.body as { nested?: { missing: { deeper: string } } };
      return body.nested!.missing.deeper;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('hold no token and no body text, across successes, refusals and a 500', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const quote = await app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: auth,
      payload: { text: SECRET.quote, speaker: SECRET.speaker },
    });
    expect(quote.statusCode).toBe(201);
    const quoteId = JSON.parse(quote.payload).id;
    const article = await app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: auth,
      payload: {
        headline: SECRET.headline,
        body: [
          { type: 'paragraph', text: SECRET.paragraph },
          { type: 'quote', quoteId },
        ],
      },
    });
    expect(article.statusCode).toBe(201);

    const refused = [
      // 400: an unknown field (its name is echoed to the client, not logged).
      await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { [SECRET.unknownField]: 'x' } }),
      // 400: invalid JSON holding text.
      await app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: `{"text": "${SECRET.badJson}", `,
      }),
      // 413.
      await app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: auth,
        payload: { text: SECRET.tooLarge.repeat(400), speaker: 'x' },
      }),
      // 401 with a wrong token, 403 with a read-only one.
      await app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { authorization: `Bearer ${token.slice(0, -2)}zz` },
        payload: { text: SECRET.quote, speaker: 'x' },
      }),
      await app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { authorization: `Bearer ${readOnly}` },
        payload: { text: SECRET.quote, speaker: 'x' },
      }),
    ];
    expect(refused.map((res) => res.statusCode)).toEqual([400, 400, 413, 401, 403]);

    const exploded = await app.inject({
      method: 'POST',
      url: '/v1/test-explode',
      headers: { ...auth, 'x-request-id': 'explode-1' },
      payload: { text: SECRET.exploding },
    });
    expect(exploded.statusCode).toBe(500);
    expect(exploded.payload).not.toContain('deeper'); // nor does the client see the bug's details

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.length).toBeGreaterThan(10);
    // The 500 is logged, with its request id and the error, so the failure can be found and fixed…
    const failure = parsed.find((line) => line.reqId === 'explode-1' && line.level === 50);
    expect(failure?.err).toBeTruthy();
    // …but no line, at any level, holds a token or body text.
    const all = lines.join('\n');
    for (const secret of [token, token.slice(5), readOnly, token.slice(0, -2), ...Object.values(SECRET)]) {
      expect(all).not.toContain(secret);
    }
    expect(all.toLowerCase()).not.toContain('bearer');
  });
});
