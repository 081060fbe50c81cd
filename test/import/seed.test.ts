// Contract: `npm run seed -- <file>` and POST /v1/import are one code path: the same bundle (pictures included)
// gives the same database content either way; the CLI is idempotent, all or nothing, and has a dry run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/db/client.js';
import { json, TEST_ENGINE, useApp } from '../helpers/app.js';
import { kursk } from '../helpers/kursk.js';
import { makePicture } from '../images/pictures.js';
import { exportBundle, postBundleForm } from './bundles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-seed-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Where a script writes: its own DATA_DIR and, on PostgreSQL (TEST_DB=postgres), a fresh database of its own
 * (DATABASE_URL), so that the scripts are tested on the engine the app under test runs on.
 */
type Target = { dataDir: string; url: string | null };
const databases: string[] = [];
afterAll(async () => {
  if (databases.length === 0) return;
  const { dropTestDatabase } = await import('../helpers/pg.js');
  for (const name of databases.splice(0)) await dropTestDatabase(name);
});

async function target(name: string): Promise<Target> {
  const dataDir = path.join(work, name);
  if (TEST_ENGINE !== 'postgres') return { dataDir, url: null };
  // Loaded only on PostgreSQL: the helper checks the server when it loads.
  const { createTestDatabase, pgUrl } = await import('../helpers/pg.js');
  const database = await createTestDatabase();
  databases.push(database);
  return { dataDir, url: pgUrl(database) };
}

/** Runs a script as `npm run` does (tsx), on its own DATA_DIR (and database). */
function run(script: string, args: string[], where: Target) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: where.dataDir, DATABASE_URL: where.url ?? '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The rows of a query on the target's database (bigint columns as numbers on PostgreSQL, as SQLite gives them). */
async function rows(where: Target, text: string): Promise<unknown[]> {
  if (where.url === null) {
    const db = new Database(path.join(where.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare(text).all();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({
    connectionString: where.url,
    types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) },
  });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** The content columns of every table: what must be equal whichever way a bundle was loaded (no ids, no times). */
async function content(where: Target) {
  const search =
    where.url === null
      ? "SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'Pyongyang'"
      : "SELECT count(*)::int AS n FROM articles WHERE search @@ to_tsquery('simple', 'pyongyang')";
  return {
    images: await rows(
      where,
      'SELECT key, source_url, file_name, alt_text, caption, credit, width, height, mime_type, bytes FROM images ORDER BY seq',
    ),
    quotes: await rows(where, 'SELECT key, text, speaker, speaker_role, channel, said_at FROM quotes ORDER BY seq'),
    articles: await rows(
      where,
      `SELECT slug, headline, standfirst, section, tags, status, published_at,
         (SELECT key FROM images WHERE id = lead_image_id) AS lead
       FROM articles ORDER BY seq`,
    ),
    links: await rows(
      where,
      `SELECT a.slug, q.key, aq.position FROM article_quotes aq
       JOIN articles a ON a.id = aq.article_id JOIN quotes q ON q.id = aq.quote_id ORDER BY a.slug, aq.position`,
    ),
    search: (await rows(where, search))[0],
  };
}

/** A bundle folder: the Kursk story plus a picture shipped as a file, made with sharp. */
async function writeBundleFolder(folder: string) {
  const picture = await makePicture('jpeg', { width: 240, height: 160, seed: 4 });
  fs.mkdirSync(path.join(folder, 'pictures'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'pictures', 'soldiers.jpg'), picture);
  const bundle = structuredClone(kursk) as any;
  bundle.images.push({ key: 'soldiers-photo', file: 'pictures/soldiers.jpg', altText: 'Soldiers', credit: 'Staff' });
  bundle.articles[0].body.push({ type: 'image', image: 'soldiers-photo' });
  const file = path.join(folder, 'bundle.json');
  fs.writeFileSync(file, JSON.stringify(bundle, null, 2));
  return { file, bundle, picture };
}

describe('npm run seed', () => {
  const http = useApp();

  // Four script runs (each starts tsx, and on PostgreSQL opens its engine): more than the default 30 s on a busy
  // machine.
  it('gives the same content as POST /v1/import of the same bundle, pictures included, and is idempotent', {
    timeout: 120_000,
  }, async () => {
    const { file, bundle, picture } = await writeBundleFolder(path.join(work, 'same'));
    const seeded = await target('same-data');
    const first = run('seed.ts', [file], seeded);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^Loaded bundle\.json into .* in [\d.]+ s:\n {2}created: {3}1 article, 2 images, 4 quotes\n/,
    );
    const second = run('seed.ts', [file], seeded);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/unchanged: 1 article, 2 images, 4 quotes/);
    // One revision for the created article (none for the unchanged load), by `cli`.
    expect(await rows(seeded, 'SELECT revision, author FROM article_revisions')).toEqual([
      { revision: 1, author: 'cli' },
    ]);

    const res = await postBundleForm(http.app, http.auth, bundle, { 'pictures/soldiers.jpg': picture });
    expect(res.statusCode).toBe(200);
    expect(json(res).created).toEqual({ articles: 1, images: 2, quotes: 4 });

    const viaSeed = await content(seeded);
    expect(viaSeed.images).toHaveLength(2);
    expect(viaSeed.images[1]).toMatchObject({
      key: 'soldiers-photo',
      width: 240,
      height: 160,
      mime_type: 'image/jpeg',
    });
    expect(viaSeed.search).toEqual({ n: 1 });
    expect(await content({ dataDir: http.config.dataDir, url: http.config.databaseUrl })).toEqual(viaSeed);

    // The same bundle out: `npm run export` of the seeded database, byte for byte GET /v1/export's.
    const exported = path.join(work, 'exported', 'bundle.json');
    fs.mkdirSync(path.dirname(exported));
    expect(run('export.ts', [exported], seeded).status).toBe(0);
    expect(fs.readFileSync(exported, 'utf8')).toBe(await exportBundle(http.app, http.auth));
    // The picture is copied beside the bundle, where its `file` points.
    const fileName = String((viaSeed.images[1] as { file_name: string }).file_name);
    expect(fs.readFileSync(path.join(work, 'exported', 'media', fileName)).equals(picture)).toBe(true);

    // Seeding that export into an empty database round-trips, pictures included.
    const copy = await target('copy-data');
    expect(run('seed.ts', [exported], copy).status).toBe(0);
    expect(await content(copy)).toEqual(viaSeed);
  });

  it('loads a bundle past the worker threshold and exits once done, twice in a row', { timeout: 60_000 }, async () => {
    // ~300 KB of JSON: on SQLite it loads in the import worker, which must neither keep the process alive once it
    // has finished nor let it exit before.
    const text = 'A paragraph long enough to make the bundle large. '.repeat(20);
    const bundle = {
      articles: Array.from({ length: 300 }, (_, i) => ({
        slug: `worker-seed-${i}`,
        headline: `Worker seed ${i}`,
        body: [{ type: 'paragraph', text }],
      })),
    };
    const file = path.join(work, 'large.json');
    fs.writeFileSync(file, JSON.stringify(bundle));
    expect(fs.statSync(file).size).toBeGreaterThan(256 * 1024);
    const where = await target('large-data');
    const first = run('seed.ts', [file], where);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/created: {3}300 articles/);
    const second = run('seed.ts', [file], where);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/unchanged: 300 articles/);
  });

  it('refuses a bad bundle with every path on stderr, exit 1, and writes nothing', async () => {
    const bad = path.join(work, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        quotes: [{ key: 'fresh', text: 'Would be new.', speaker: 'X' }],
        articles: [{ slug: 'bad', headline: 'Bad', leadImage: 'nothing', body: [{ type: 'quote', quote: 'missing' }] }],
      }),
    );
    const where = await target('bad-data');
    const result = run('seed.ts', [bad], where);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/nothing was loaded/);
    expect(result.stderr).toContain('  articles[0].body[0].quote: names no quote');
    expect(result.stderr).toContain('  articles[0].leadImage: names no image');
    expect((await content(where)).quotes).toEqual([]);
  });

  it('checks without writing with --dry-run, and explains its usage', async () => {
    const { file } = await writeBundleFolder(path.join(work, 'dry'));
    const where = await target('dry-data');
    const dry = run('seed.ts', [file, '--dry-run'], where);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^Checked \(dry run, nothing written\)/);
    expect(dry.stdout).toMatch(/created: {3}1 article, 2 images, 4 quotes/);
    expect(await content(where)).toMatchObject({ images: [], quotes: [], articles: [] });
    expect(fs.readdirSync(path.join(where.dataDir, 'media')).filter((name) => name.includes('.'))).toEqual([]);

    const usage = run('seed.ts', [], where);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run seed/);
  });
});
