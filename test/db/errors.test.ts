// Contract: no database error reaches a client as a 500. A write that loses a race to a unique slug is the 409 that
// names `slug`, and a database busy with another process's write is a 503 with Retry-After (db/errors.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { databaseProblem } from '../../src/db/errors.js';
import { createSqliteTokensStore } from '../../src/tokens/tokens.sqlite.js';
import { json, makeApp, type TestContext, tempDataDir } from '../helpers/app.js';
import { type ChildServer, startServer } from '../server/child-server.js';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('databaseProblem: real SQLite errors', () => {
  const dataDir = tempDataDir();
  const db = openDatabase({ dataDir }).$client;
  afterAll(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const insertArticle = db.prepare(
    "INSERT INTO articles (id, slug, headline, created_at, updated_at) VALUES (?, 'same-slug', 'H', 0, 0)",
  );

  it('a unique slug violation is a 409 SLUG_TAKEN naming slug', () => {
    insertArticle.run('A1');
    const problem = databaseProblem(caught(() => insertArticle.run('A2')));
    expect(problem).toMatchObject({ status: 409, code: 'SLUG_TAKEN', extras: { errors: [{ path: 'slug' }] } });
  });

  it('a foreign key violation is a 409', () => {
    const error = caught(() =>
      db.prepare("INSERT INTO article_images (article_id, image_id) VALUES ('A1', 'NO-SUCH-IMAGE')").run(),
    );
    expect(databaseProblem(error)).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('a busy database is a 503 with Retry-After', () => {
    const other = new Database(path.join(dataDir, DATABASE_FILE));
    other.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    try {
      const problem = databaseProblem(caught(() => other.exec('BEGIN IMMEDIATE')));
      expect(problem).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    } finally {
      db.exec('ROLLBACK');
      other.close();
    }
  });

  it('leaves errors that are not the database’s alone', () => {
    expect(databaseProblem(new Error('boom'))).toBeNull();
    expect(databaseProblem({ code: 'ENOENT' })).toBeNull();
  });
});

describe('a write while another process holds the write lock', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await makeApp();
  });
  afterAll(async () => {
    await ctx.app.close();
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  it('is a 503 problem with Retry-After once busy_timeout runs out, and writes nothing', async () => {
    const holder = new Database(path.join(ctx.dataDir, DATABASE_FILE));
    holder.exec('BEGIN IMMEDIATE');
    try {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: 'Waits for the lock' },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(json(res).detail).toMatch(/busy/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const list = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles?status=any', headers: ctx.auth }));
    expect(list.meta.total).toBe(0);
  }, 20_000);
});

describe('two server processes on one database, racing creates', () => {
  const dataDir = tempDataDir();
  const servers: ChildServer[] = [];
  let auth: Record<string, string>;
  beforeAll(async () => {
    const cli = openDatabase({ dataDir });
    auth = {
      authorization: `Bearer ${(await createSqliteTokensStore(cli).create('racer')).token}`,
      'content-type': 'application/json',
    };
    cli.$client.close();
    servers.push(
      ...(await Promise.all([
        startServer({ DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY: '0' }),
        startServer({ DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY: '0' }),
      ])),
    );
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (index: number, body: unknown) =>
    fetch(`${servers[index % servers.length]!.url}/v1/articles`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(body),
    });

  it('one create of a given slug wins; every other is a 409 naming slug, never a 500', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, index) => post(index, { headline: `Racer ${index}`, slug: 'raced-slug' })),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array(15).fill(409)]);
    for (const res of answers.filter((r) => r.status === 409)) {
      const problem = (await res.json()) as { errors: Array<{ path: string }> };
      expect(problem.errors[0]?.path).toBe('slug');
    }
  }, 30_000);

  it('creates with one headline and no slug all succeed, each with its own slug', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, index) => post(index, { headline: 'Same headline' })),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(16).fill(201));
    const slugs = await Promise.all(answers.map(async (res) => ((await res.json()) as { slug: string }).slug));
    expect(new Set(slugs).size).toBe(16);
  }, 30_000);
});
