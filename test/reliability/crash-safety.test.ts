// Contract: a crash loses nothing that was acknowledged: the real server, SIGKILLed at a random moment under
// concurrent creates, updates, deletes and uploads, restarts on the same DATA_DIR with every write it answered 2xx
// there and whole, nothing half-written visible (links, tags, search index, files match their rows), and the
// database passing integrity_check.
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createSqliteTokensStore } from '../../src/tokens/tokens.sqlite.js';
import { tempDataDir } from '../helpers/app.js';
import { type ChildServer, startServer } from '../server/child-server.js';

const ROUNDS = 3;
const WORKERS = 6;

type Kind = 'quote' | 'article' | 'image';
type Json = Record<string, any>;
/** The last acknowledged state of a resource, or 'deleted'. */
type Acked = { kind: Kind; body: Json | 'deleted' };
/** What a worker had sent when the server died: its outcome is unknown. */
type InFlight = { op: 'create' | 'patch' | 'delete'; kind: Kind; id?: string; sent?: Json };

/** Unique words, so each article can be found through the search index. */
const marker = () => `mk${randomBytes(5).toString('hex')}`;

/** The article as stored by its own fields: resolved image and quote objects are other resources' state. */
function articleCore(article: Json) {
  return {
    id: article.id,
    slug: article.slug,
    headline: article.headline,
    standfirst: article.standfirst,
    section: article.section,
    tags: article.tags,
    byline: article.byline,
    leadImageId: article.leadImageId,
    status: article.status,
    publishedAt: article.publishedAt,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    body: (article.body as Json[]).map(({ type, text, imageId, quoteId }) => ({ type, text, imageId, quoteId })),
  };
}

const core = (kind: Kind, body: Json) => (kind === 'article' ? articleCore(body) : body);

/** Distinct small PNGs (the store names files by content, so each upload is a file of its own). */
async function makePictures(count: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp({ create: { width: 4, height: 4, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 99 } } })
        .png()
        .toBuffer(),
    ),
  );
}

function multipart(fields: Record<string, string>, file: Buffer) {
  const boundary = `crash${randomBytes(6).toString('hex')}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

describe('crash safety of the real server', () => {
  const dataDir = tempDataDir();
  let server: ChildServer | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write whole across ${ROUNDS} SIGKILLs`, { timeout: 90_000 }, async () => {
    const cli = openDatabase({ dataDir });
    const token = (await createSqliteTokensStore(cli).create('crash-test')).token;
    closeDatabase(cli);
    const auth = { authorization: `Bearer ${token}` };
    const pictures = await makePictures(ROUNDS * WORKERS * 20);
    const acked = new Map<string, Acked>();
    const markers: string[] = [];
    const searched = new Set<string>();
    let unexpected: string[] = [];
    let totalAcks = 0;

    server = await startServer({ DATA_DIR: dataDir });

    for (let round = 1; round <= ROUNDS; round++) {
      const base = server.url;
      const inFlight = new Map<number, InFlight>();
      let dead = false;
      let acksThisRound = 0;

      const call = async (method: string, url: string, body?: Json | { body: Buffer; contentType: string }) => {
        const isForm = body && 'contentType' in body;
        const res = await fetch(`${base}${url}`, {
          method,
          headers: {
            ...auth,
            ...(body ? { 'content-type': isForm ? (body.contentType as string) : 'application/json' } : {}),
          },
          body: body ? (isForm ? (body.body as Buffer) : JSON.stringify(body)) : undefined,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
      };

      /** One worker: its own resources, one request at a time, until the server dies. */
      const worker = async (index: number) => {
        const mine = { quote: [] as string[], article: [] as string[], image: [] as string[] };
        const live = (kind: Kind) => mine[kind].filter((id) => acked.get(id)?.body !== 'deleted');
        const articleBody = () => {
          const quotes = live('quote');
          const images = live('image');
          const word = marker();
          markers.push(word);
          const blocks: Json[] = [{ type: 'paragraph', text: `Body ${word} ${'text '.repeat(randomInt(50))}` }];
          if (quotes.length)
            blocks.push({ type: 'quote', quoteId: pick(quotes) }, { type: 'quote', quoteId: pick(quotes) });
          if (images.length) blocks.push({ type: 'image', imageId: pick(images) });
          return {
            headline: `Story ${word} round ${round}`,
            tags: [...new Set(Array.from({ length: randomInt(4) }, () => `tag-${randomInt(6)}`))],
            body: blocks,
            leadImageId: images.length && randomInt(2) ? pick(images) : null,
            status: pick(['draft', 'published']),
          };
        };
        while (!dead) {
          const roll = randomInt(100);
          const quotes = live('quote');
          const articles = live('article');
          let op: InFlight;
          let request: () => Promise<{ status: number; body: Json }>;
          if (roll < 20 || quotes.length === 0) {
            const sent = { text: `Said ${marker()}`, speaker: `Speaker ${index}`, channel: 'statement' };
            op = { op: 'create', kind: 'quote', sent };
            request = () => call('POST', '/v1/quotes', sent);
          } else if (roll < 32) {
            const id = pick(quotes);
            const sent = { text: `Revised ${marker()}`, speakerRole: `Role ${randomInt(1000)}` };
            op = { op: 'patch', kind: 'quote', id, sent };
            request = () => call('PATCH', `/v1/quotes/${id}`, sent);
          } else if (roll < 42) {
            const fields = { altText: `Picture ${marker()}`, credit: 'AP' };
            op = { op: 'create', kind: 'image', sent: fields };
            request = () => call('POST', '/v1/images', multipart(fields, pictures.pop() ?? pictures[0]!));
          } else if (roll < 65 || articles.length === 0) {
            const sent = articleBody();
            op = { op: 'create', kind: 'article', sent };
            request = () => call('POST', '/v1/articles', sent);
          } else if (roll < 93) {
            const id = pick(articles);
            const sent = articleBody();
            op = { op: 'patch', kind: 'article', id, sent };
            request = () => call('PATCH', `/v1/articles/${id}`, sent);
          } else {
            const id = pick(articles);
            op = { op: 'delete', kind: 'article', id };
            request = () => call('DELETE', `/v1/articles/${id}`);
          }
          inFlight.set(index, op);
          let res: { status: number; body: Json };
          try {
            res = await request();
          } catch {
            dead = true; // the server is gone: this request's outcome is unknown
            return;
          }
          inFlight.delete(index);
          if (res.status >= 300) {
            unexpected.push(`${op.op} ${op.kind} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
            continue;
          }
          acksThisRound++;
          totalAcks++;
          if (op.op === 'delete') acked.set(op.id!, { kind: op.kind, body: 'deleted' });
          else {
            acked.set(res.body.id, { kind: op.kind, body: res.body });
            if (op.op === 'create') mine[op.kind].push(res.body.id);
          }
        }
      };

      const workers = Array.from({ length: WORKERS }, (_, i) => worker(i));
      // Kill at a random moment once writes are flowing (bounded wait: a stuck server fails the test).
      for (let waited = 0; acksThisRound < 15 && waited < 200; waited++) await new Promise((r) => setTimeout(r, 50));
      expect(acksThisRound, 'writes were acknowledged before the kill').toBeGreaterThanOrEqual(15);
      await new Promise((r) => setTimeout(r, randomInt(600)));
      server.child.kill('SIGKILL');
      expect(await server.exited).toBe('SIGKILL');
      dead = true;
      await Promise.all(workers);

      // The server's logs, to its last line, held no token and no body text.
      const logText = server.logs.map((line) => JSON.stringify(line)).join('\n');
      expect(logText).not.toContain(token);
      // (Words this test searched for appear in logged URLs: a query string is not a body.)
      expect(markers.filter((word) => !searched.has(word) && logText.includes(word))).toEqual([]);

      // While it is down: the database file itself.
      const db = openDatabase({ dataDir, migrate: false });
      try {
        const sqlite = db.$client;
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(sqlite.pragma('foreign_key_check')).toEqual([]);
        for (const fts of ['articles_fts', 'quotes_fts', 'images_fts']) {
          sqlite.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`).run();
        }
        // Each article's link tables agree with its body, tags and lead image: no half-applied update.
        const rows = sqlite.prepare('SELECT id, tags, body, lead_image_id FROM articles').all() as Json[];
        for (const row of rows) {
          const blocks = JSON.parse(row.body) as Json[];
          const tags = sqlite
            .prepare('SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag')
            .pluck()
            .all(row.id);
          expect(tags).toEqual([...new Set(JSON.parse(row.tags) as string[])].sort());
          const images = new Set(blocks.filter((b) => b.type === 'image').map((b) => b.imageId));
          if (row.lead_image_id) images.add(row.lead_image_id);
          const linkedImages = sqlite
            .prepare('SELECT image_id FROM article_images WHERE article_id = ?')
            .pluck()
            .all(row.id);
          expect(new Set(linkedImages)).toEqual(images);
          const quotes = new Set(blocks.filter((b) => b.type === 'quote').map((b) => b.quoteId));
          const linkedQuotes = sqlite
            .prepare('SELECT quote_id FROM article_quotes WHERE article_id = ?')
            .pluck()
            .all(row.id);
          expect(new Set(linkedQuotes)).toEqual(quotes);
        }
        // No image row without its file, whole.
        const files = sqlite.prepare('SELECT file_name, bytes FROM images WHERE file_name IS NOT NULL').all() as Json[];
        for (const file of files) {
          const stat = fs.statSync(path.join(dataDir, 'media', file.file_name), { throwIfNoEntry: false });
          expect(stat?.size, `media file of an image row: ${file.file_name}`).toBe(file.bytes);
        }
      } finally {
        closeDatabase(db);
      }

      // Restarted on the same DATA_DIR: every acknowledged write reads back as it was answered.
      server = await startServer({ DATA_DIR: dataDir });
      const lost: string[] = [];
      const pending = new Map([...inFlight.values()].filter((op) => op.id).map((op) => [op.id!, op]));
      for (const [id, state] of acked) {
        const res = await fetch(`${server.url}/v1/${state.kind}s/${id}`, { headers: auth });
        const body = res.status === 200 ? ((await res.json()) as Json) : null;
        const op = pending.get(id);
        if (state.body === 'deleted') {
          if (res.status !== 404) lost.push(`${state.kind} ${id}: deleted, yet ${res.status}`);
          continue;
        }
        if (body && JSON.stringify(core(state.kind, body)) === JSON.stringify(core(state.kind, state.body))) continue;
        // The write in flight at the kill may have landed too: then it landed whole, and it is what later rounds
        // must find.
        if (op?.op === 'delete' && res.status === 404) {
          acked.set(id, { kind: state.kind, body: 'deleted' });
          continue;
        }
        if (
          op?.op === 'patch' &&
          body &&
          Object.entries(op.sent!).every(([k, v]) => JSON.stringify(articleOrQuoteField(body, k)) === JSON.stringify(v))
        ) {
          acked.set(id, { kind: state.kind, body });
          continue;
        }
        lost.push(
          `${state.kind} ${id}: acknowledged ${JSON.stringify(core(state.kind, state.body))}, now ${res.status} ${JSON.stringify(body && core(state.kind, body))}, in flight ${JSON.stringify(op ?? null)}; in flight elsewhere: ${JSON.stringify([...inFlight.values()])}`,
        );
      }
      expect(unexpected).toEqual([]);
      expect(lost).toEqual([]);
      unexpected = [];

      // The search index agrees with the rows: each live article is found by its words.
      const live = [...acked].filter(([, s]) => s.kind === 'article' && s.body !== 'deleted').slice(-20);
      for (const [id, state] of live) {
        const word = /Story (mk[0-9a-f]+)/.exec((state.body as Json).headline)![1]!;
        searched.add(word);
        const res = await fetch(`${server.url}/v1/articles?status=any&q=${word}`, { headers: auth });
        const found = ((await res.json()) as Json).data.map((a: Json) => a.id);
        expect(found, `search for ${word}`).toEqual([id]);
      }
    }

    expect(totalAcks).toBeGreaterThan(ROUNDS * 15);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

/** A field as sent in a patch, read from a GET answer (article blocks lose their resolved objects). */
function articleOrQuoteField(body: Json, key: string): unknown {
  if (key === 'body')
    return articleCore(body).body.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
  if (key === 'tags') return body.tags;
  return body[key];
}
