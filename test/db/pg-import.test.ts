// The import on PostgreSQL (src/import/import.pg.ts) where it differs from SQLite's machinery: loads arriving
// together through two instances run one after the other (the content tables are locked for a load), so the same
// bundle loaded twice at once is created once and found unchanged the second time, never a 409 or a duplicate.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { json, makeApp, type TestContext } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';
import { counts, kurskBundle, postBundle, totals } from '../import/bundles.js';

/** What one Kursk bundle holds. */
const sizes = counts(1, kurskBundle().images.length, kurskBundle().quotes.length);

describePg('import on PostgreSQL', () => {
  const database = usePgDatabase();
  const apps: Array<Pick<TestContext, 'app' | 'auth'>> = [];
  let first: TestContext | undefined;

  beforeAll(async () => {
    // Two instances on one database, as behind a load balancer; one token for both.
    first = await makeApp({ DATABASE_URL: database.url });
    const second = await buildApp({ config: { ...first.config, dataDir: first.dataDir } });
    await second.ready();
    apps.push(first, { app: second, auth: first.auth });
  });
  afterAll(async () => {
    for (const ctx of apps) await ctx.app.close();
    if (first) fs.rmSync(first.dataDir, { recursive: true, force: true });
  });

  it('loads the same bundle sent to two instances at once exactly once', async () => {
    const [a, b] = apps as [Pick<TestContext, 'app' | 'auth'>, Pick<TestContext, 'app' | 'auth'>];
    const bundle = kurskBundle('together');
    const [first, second] = await Promise.all([postBundle(a.app, a.auth, bundle), postBundle(b.app, b.auth, bundle)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    const results = [json(first), json(second)];
    const made = results.find((result) => result.created.articles === 1);
    const found = results.find((result) => result.unchanged.articles === 1);
    expect(made?.created).toEqual(sizes);
    expect(found?.unchanged).toEqual(sizes);
    expect(await totals(a.app, a.auth)).toEqual(sizes);
  });

  it('answers a dry run from its own snapshot, writing nothing, while a load runs', async () => {
    const [a, b] = apps as [Pick<TestContext, 'app' | 'auth'>, Pick<TestContext, 'app' | 'auth'>];
    const bundle = kurskBundle('dry');
    const [dry, load] = await Promise.all([
      postBundle(a.app, a.auth, bundle, '?dryRun=true'),
      postBundle(b.app, b.auth, kurskBundle('loaded')),
    ]);
    expect(dry.statusCode).toBe(200);
    expect(json(dry).created).toEqual(sizes);
    expect(load.statusCode).toBe(200);
    expect(await totals(a.app, a.auth)).toEqual(counts(2, 2 * sizes.images, 2 * sizes.quotes));
  });
});
