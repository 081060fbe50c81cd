import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { prng } from './data-generator.js';
import type { TargetFixtures } from './workloads.js';

// What the workloads ask for, taken from the seeded database (samples shared by both servers) and from each
// server itself (its ETags, its cursors, its rendition URL).

export type SharedSample = Pick<TargetFixtures, 'slugs' | 'ids' | 'editableIds' | 'imageIds' | 'quoteIds'>;

function shuffle<T>(items: T[], seed: number): T[] {
  const rand = prng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Up to `count` public articles spread evenly over the whole table (old and new rows alike), shuffled. */
export function sampleArticles(dataDir: string, total: number, count = 1_000): SharedSample {
  const db = openDatabase({ dataDir, migrate: false });
  try {
    const step = Math.max(1, Math.floor(total / (count * 1.2)));
    const rows = db.$client
      .prepare<[number, number, number], { id: string; slug: string }>(
        "SELECT id, slug FROM articles WHERE status = 'published' AND published_at <= ? AND seq % ? = 0 ORDER BY seq LIMIT ?",
      )
      .all(Date.now(), step, count * 2);
    shuffle(rows, 42);
    const read = rows.slice(0, Math.ceil(rows.length / 2));
    const edit = rows.slice(read.length);
    const ids = (table: string) =>
      (db.$client.prepare(`SELECT id FROM ${table} ORDER BY seq LIMIT 200`).all() as Array<{ id: string }>).map(
        (row) => row.id,
      );
    return {
      slugs: read.map((row) => row.slug),
      ids: read.map((row) => row.id),
      editableIds: edit.map((row) => row.id),
      imageIds: ids('images'),
      quoteIds: ids('quotes'),
    };
  } finally {
    closeDatabase(db);
  }
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 300)}`);
  return { res, json: JSON.parse(body) as any };
}

/** This server's ETag for each of the first `count` slugs. */
export async function etagsOf(baseUrl: string, slugs: string[], count = 300): Promise<string[]> {
  const etags: string[] = [];
  for (const slug of slugs.slice(0, count)) {
    const { res } = await getJson(`${baseUrl}/v1/articles/${slug}`);
    etags.push(res.headers.get('etag') ?? '');
  }
  return etags;
}

/** Cursors for pages `from`… of the default list, by walking it (fewer when the list is shorter). */
export async function deepCursorsOf(
  baseUrl: string,
  from = 50,
  count = 5,
): Promise<{ cursors: string[]; firstPage: number }> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  let page = 1;
  const all: string[] = [];
  for (; page < from + count; page++) {
    const { json } = await getJson(`${baseUrl}/v1/articles${cursor ? `?cursor=${cursor}` : ''}`);
    cursor = json.meta.nextCursor as string | null;
    if (!cursor) break;
    all.push(cursor); // all[k] gives page k + 2
    if (page + 1 >= from && cursors.length < count) cursors.push(cursor);
  }
  if (cursors.length > 0) return { cursors, firstPage: from };
  // A short list (the 1,000-article size): its last pages stand in for page 50.
  const tail = all.slice(-count);
  return { cursors: tail, firstPage: all.length - tail.length + 2 };
}

/**
 * Uploads a photo-like JPEG to the real server and reads a 320-wide rendition twice (the second read is served
 * from the rendition cache). Returns its path, and leaves its bytes in `referenceMediaDir` for the reference to
 * serve; null when this server does not take uploads yet.
 */
export async function prepareRendition(
  baseUrl: string,
  authorization: string,
  referenceMediaDir: string,
): Promise<{ ours: string; reference: string } | { note: string }> {
  const { default: sharp } = await import('sharp');
  const photo = await sharp({
    create: {
      width: 1600,
      height: 1000,
      channels: 3,
      background: '#806040',
      noise: { type: 'gaussian', mean: 120, sigma: 40 },
    },
  })
    .jpeg({ quality: 82 })
    .toBuffer();
  const form = new FormData();
  form.append('altText', 'Benchmark photo');
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'bench.jpg');
  const upload = await fetch(`${baseUrl}/v1/images`, { method: 'POST', headers: { authorization }, body: form });
  const text = await upload.text();
  if (upload.status !== 201) return { note: `upload answered ${upload.status}: ${text.slice(0, 200)}` };
  const url = (JSON.parse(text) as { url: string }).url;
  const rendition = `${url}${url.includes('?') ? '&' : '?'}width=320`;
  let bytes: Buffer | null = null;
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${baseUrl}${rendition}`);
    bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) return { note: `rendition answered ${res.status}` };
  }
  fs.mkdirSync(referenceMediaDir, { recursive: true });
  fs.writeFileSync(path.join(referenceMediaDir, 'rendition-320.jpg'), bytes as Buffer);
  return { ours: rendition, reference: '/media/rendition-320.jpg' };
}
