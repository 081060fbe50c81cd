// Contract (API.md, "Storage engines"): `npm run transfer -- --to <postgres URL>` copies everything in the SQLite
// database under DATA_DIR into a PostgreSQL database that holds no content, in one transaction, keeping ids,
// times, ETags, revisions, tokens, webhooks and deliveries; a target holding content is refused with exit status
// 1 and nothing written; the URL's password is never printed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { snapshotText } from '../../src/articles/revisions.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { createSqliteEngine } from '../../src/db/engine.sqlite.js';
import type { PgDb } from '../../src/db/pg-client.js';
import * as lite from '../../src/db/schema.js';
import * as pgs from '../../src/db/schema.pg.js';
import { TransferRefused, transferToPostgres } from '../../src/db/transfer.js';
import { exportStream } from '../../src/import/export.service.js';
import { createPgExportStore } from '../../src/import/import.pg.js';
import { json, makeApp, tempDataDir } from '../helpers/app.js';
import { createTestDatabase, describePg, dropTestDatabase, pgUrl, usePgDatabase } from '../helpers/pg.js';
import { makePicture } from '../images/pictures.js';
import { exportBundle, postBundle, postBundleForm } from '../import/bundles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'newsroom-sample.json'), 'utf8'));

/** Every table of schema.ts with its twin of schema.pg.ts (the counters included: they must be right too). */
const tables = (Object.values(lite) as unknown[])
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((from) => {
    const name = getTableName(from);
    const to = (Object.values(pgs) as unknown[]).find(
      (value): value is PgTable => is(value, PgTable) && getTableName(value) === name,
    );
    return { name, from, to: to! };
  });

/** A table's rows on SQLite, as records (driver values mapped), in a fixed order. */
function sqliteRows(file: string, table: SQLiteTable, name: string): unknown[] {
  const db = openDatabase({ dataDir: file, migrate: false });
  try {
    const columns = Object.entries(getTableColumns(table));
    const select = columns.map(([field, column]) => `"${column.name}" AS "${field}"`).join(', ');
    const rows = db.$client.prepare<[], Record<string, unknown>>(`SELECT ${select} FROM "${name}"`).all();
    const records = rows.map((raw) =>
      Object.fromEntries(
        columns.map(([field, column]) => [field, raw[field] === null ? null : column.mapFromDriverValue(raw[field])]),
      ),
    );
    // SQLite keeps the newest revision's snapshot in the article row (NULL here); PostgreSQL stores every one.
    if (name === 'article_revisions') {
      for (const record of records) {
        if (record.snapshot !== null) continue;
        const article = db.orm
          .select()
          .from(lite.articles)
          .where(eq(lite.articles.id, record.articleId as string))
          .get();
        record.snapshot = snapshotText(article!);
      }
    }
    return sorted(records);
  } finally {
    closeDatabase(db);
  }
}

async function pgRows(db: PgDb, table: PgTable): Promise<unknown[]> {
  const { search: _search, ...columns } = getTableColumns(table) as Record<string, never>;
  return sorted(await db.orm.select(columns).from(table));
}

const sorted = (rows: object[]) =>
  rows
    .map((row) => JSON.stringify(row))
    .sort()
    .map((text) => JSON.parse(text) as unknown);

/** Runs scripts/transfer.ts as `npm run transfer` does (tsx). */
function runTransfer(args: string[], dataDir: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'transfer.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', S3_BUCKET: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The target's URL with a password in it (trust authentication ignores it): it must never be printed. */
const PASSWORD = 'sw0rdf1sh-transfer';
const withPassword = (url: string) => {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.toString();
};

describePg('npm run transfer', () => {
  const target = usePgDatabase();
  const dataDir = tempDataDir();
  let sqliteExport = '';
  let articleEtag = '';
  let articleId = '';
  let token = '';
  /** What a client read from the source: each URL's status, ETag and body, to be read again from the target. */
  const answers = new Map<string, { status: number; etag: unknown; body: string }>();
  const urls = (hookId: string) => [
    '/v1/articles?status=any&limit=5',
    `/v1/articles/${articleId}`,
    `/v1/articles/${articleId}/revisions`,
    `/v1/articles/${articleId}/revisions/1`,
    '/v1/images?limit=5',
    '/v1/quotes?limit=5',
    '/v1/articles?status=any&limit=3&sort=-updatedAt',
    `/v1/webhooks/${hookId}/deliveries?limit=5`,
  ];
  let hookId = '';

  beforeAll(async () => {
    // The source: a newsroom on SQLite with content, revisions, a correction, a preview link, tokens (one
    // revoked), a webhook and the deliveries its events made.
    const env = { DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY: '0', WEBHOOK_ALLOW_PRIVATE: 'true' };
    const cli = createSqliteEngine(openDatabase({ dataDir }));
    token = (await cli.tokens.create('editor', ['read', 'write', 'admin'])).token;
    await cli.tokens.create('former');
    await cli.tokens.revoke('former');
    await cli.close();
    const app = await buildApp({ config: loadConfig(env), webhooks: { autoStart: false } });
    await app.ready();
    const auth = { authorization: `Bearer ${token}` };
    try {
      const hook = await app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: auth,
        payload: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
      });
      expect(hook.statusCode).toBe(201);
      expect((await postBundle(app, auth, sample)).statusCode).toBe(200);
      const picture = await makePicture('jpeg', { width: 320, height: 200 });
      const withPicture = {
        images: [{ key: 'photo', file: 'photo.jpg', altText: 'A photo' }],
        quotes: [],
        articles: [],
      };
      expect((await postBundleForm(app, auth, withPicture, { 'photo.jpg': picture })).statusCode).toBe(200);
      const list = json(await app.inject({ method: 'GET', url: '/v1/articles?status=any&limit=2', headers: auth }));
      const [first] = list.data;
      articleId = first.id;
      const patched = await app.inject({
        method: 'PATCH',
        url: `/v1/articles/${first.id}`,
        headers: auth,
        payload: { headline: `${first.headline} (updated)` },
      });
      expect(patched.statusCode).toBe(200);
      const corrected = await app.inject({
        method: 'POST',
        url: `/v1/articles/${first.id}/corrections`,
        headers: auth,
        payload: { text: 'An earlier version misspelt a name.' },
      });
      expect(corrected.statusCode).toBe(201);
      articleEtag = corrected.headers.etag as string;
      const preview = await app.inject({
        method: 'POST',
        url: `/v1/articles/${first.id}/preview-links`,
        headers: auth,
        payload: { expiresIn: 3600 },
      });
      expect(preview.statusCode).toBe(201);
      sqliteExport = await exportBundle(app, auth);
      hookId = json(hook).id;
      for (const url of urls(hookId)) {
        const res = await app.inject({ method: 'GET', url, headers: auth });
        expect(res.statusCode, url).toBe(200);
        answers.set(url, { status: res.statusCode, etag: res.headers.etag, body: res.payload });
      }
    } finally {
      await app.close();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('copies every table row for row, counters included, and moves the sequences past the copied seqs', async () => {
    const source = openDatabase({ dataDir });
    const lines: string[] = [];
    let copied: Record<string, number>;
    try {
      copied = await transferToPostgres(source, target.db, {
        onProgress: (line) => lines.push(line),
        progressEvery: 10,
      });
    } finally {
      closeDatabase(source);
    }
    expect(copied.articles).toBe(sample.articles.length);
    expect(copied.webhook_deliveries).toBeGreaterThan(0);
    expect(copied.article_revisions).toBeGreaterThan(sample.articles.length);
    expect(copied.preview_links).toBe(1);
    expect(copied.tokens).toBe(2);
    expect(lines).toContain(`articles: ${sample.articles.length} row(s) copied`);
    expect(lines.some((line) => /^ {2}articles: \d+ of \d+ rows$/.test(line))).toBe(true);

    expect(tables.length).toBeGreaterThanOrEqual(16);
    for (const { name, from, to } of tables) {
      expect(to, name).toBeDefined();
      expect({ name, rows: await pgRows(target.db, to) }).toEqual({ name, rows: sqliteRows(dataDir, from, name) });
    }

    for (const name of ['articles', 'images', 'quotes', 'article_revisions', 'webhook_deliveries']) {
      const { rows } = await target.db.pool.query<{ next: string; max: string }>(
        `SELECT nextval(pg_get_serial_sequence($1, 'seq')) AS next, (SELECT max(seq) FROM ${name}) AS max`,
        [name],
      );
      expect(Number(rows[0]!.next), name).toBe(Number(rows[0]!.max) + 1);
    }
  });

  it('refuses a target that holds content, writing nothing', async () => {
    const source = openDatabase({ dataDir });
    try {
      const before = await target.db.pool.query('SELECT count(*)::int AS n FROM article_revisions');
      await expect(transferToPostgres(source, target.db)).rejects.toBeInstanceOf(TransferRefused);
      const after = await target.db.pool.query('SELECT count(*)::int AS n FROM article_revisions');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    } finally {
      closeDatabase(source);
    }
  });

  it('runs as npm run transfer: copies into an empty database, refuses it the second time with exit 1, never prints the password', async () => {
    const name = await createTestDatabase();
    try {
      const url = withPassword(pgUrl(name));
      const first = runTransfer(['--to', url], dataDir);
      expect(first.stderr).toContain('articles:');
      expect(first.stdout).toContain(`${sample.articles.length} article(s)`);
      expect(first.stdout).toContain('stay under');
      expect(first.status).toBe(0);
      const second = runTransfer(['--to', url], dataDir);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('is not empty');
      expect(second.stderr).toContain('***');
      for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) {
        expect(output).not.toContain(PASSWORD);
      }
      const usage = runTransfer([], dataDir);
      expect(usage.status).toBe(2);
    } finally {
      await dropTestDatabase(name);
    }
  });

  it('keeps what a client holds valid: the app on the target answers as the source did, same ETags, same token', async () => {
    const ctx = await makeApp({ DATABASE_URL: target.url }, { webhooks: { autoStart: false } });
    try {
      // The source's token (its hash was copied) is accepted by the target.
      const auth = { authorization: `Bearer ${token}` };
      for (const [url, answer] of answers) {
        const res = await ctx.app.inject({ method: 'GET', url, headers: auth });
        expect({ url, status: res.statusCode, etag: res.headers.etag, body: res.payload }).toEqual({ url, ...answer });
      }
      const article = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${articleId}`, headers: auth });
      expect(article.headers.etag).toBe(articleEtag);
      // A write after the transfer gets a seq (and so a place in creation order) after the copied rows.
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: auth,
        payload: { headline: 'After the move' },
      });
      expect(created.statusCode).toBe(201);
      const seqs = await target.db.pool.query<{ seq: string; copied: string }>(
        'SELECT seq, (SELECT max(seq) FROM articles WHERE id <> $1) AS copied FROM articles WHERE id = $1',
        [json(created).id],
      );
      expect(Number(seqs.rows[0]!.seq)).toBeGreaterThan(Number(seqs.rows[0]!.copied));
      // Gone again: the other tests compare the target's content with the source's.
      const removed = await ctx.app.inject({
        method: 'DELETE',
        url: `/v1/articles/${json(created).id}`,
        headers: auth,
      });
      expect(removed.statusCode).toBe(204);
    } finally {
      await ctx.app.close();
      fs.rmSync(ctx.dataDir, { recursive: true, force: true });
    }
    const counts = await target.db.orm.execute<{ status: string; total: string; actual: string }>(
      sql`SELECT c.status, c.total, (SELECT count(*) FROM articles a WHERE a.status = c.status) AS actual FROM article_counts c`,
    );
    for (const row of counts.rows) expect(Number(row.total), row.status).toBe(Number(row.actual));
  });

  it('exports the same bundle bytes from the target as from the source, whole and filtered', async () => {
    const read = async (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    };
    const files: string[] = [];
    const exported = await read(
      await createPgExportStore(target.db).export({}, { onFile: (name) => files.push(name) }),
    );
    expect(sqliteExport).toContain('"file": "media/');
    expect(exported).toBe(sqliteExport);
    expect(files).toHaveLength(1);
    const tag = (sample.articles as Array<{ tags?: string[] }>).find((article) => article.tags?.length)!.tags![0]!;
    for (const query of [{ tag }, { section: sample.articles[0].section }, { since: 0 }]) {
      const expected = await read(exportStream(path.join(dataDir, DATABASE_FILE), query));
      expect(await read(await createPgExportStore(target.db).export(query))).toBe(expected);
    }
  });
});
