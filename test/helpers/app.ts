import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import type { Engine } from '../../src/db/engine.js';
import { openPgEngine } from '../../src/db/engine.pg.js';
import { createSqliteEngine } from '../../src/db/engine.sqlite.js';
import type { Scope } from '../../src/tokens/tokens.store.js';

export type TestContext = {
  app: App;
  config: Config;
  dataDir: string;
  /** A token with read and write scopes. */
  token: string;
  /** `{ authorization: 'Bearer …' }` for inject. */
  auth: { authorization: string };
  makeToken: (name: string, scopes?: Scope[]) => Promise<string>;
  revokeToken: (name: string) => Promise<void>;
};

/**
 * The engine the HTTP tests run on: SQLite by default; `TEST_DB=postgres` (npm run test:pg) builds every app on a
 * fresh PostgreSQL database of its own (test/helpers/pg.ts), dropped when the test file ends.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The databases (and CLI engines) made for this file's apps on PostgreSQL, dropped after its last test. */
const pgLeftovers: Array<{ name: string; cli: Engine }> = [];
if (TEST_ENGINE === 'postgres') {
  afterAll(async () => {
    const { dropTestDatabase } = await import('./pg.js');
    for (const { name, cli } of pgLeftovers.splice(0)) {
      await cli.close().catch(() => {});
      await dropTestDatabase(name);
    }
  });
}

/** On PostgreSQL, the DATABASE_URL of a fresh database for one app (with the env given, else nothing). */
async function engineEnv(env: Record<string, string>): Promise<Record<string, string>> {
  if (TEST_ENGINE !== 'postgres' || env.DATABASE_URL !== undefined) return env;
  const { createTestDatabase, pgUrl } = await import('./pg.js');
  const name = await createTestDatabase();
  return { DATABASE_URL: pgUrl(name), ...env, '#pgName': name };
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-test-'));
}

/** Builds the app on a fresh temporary database; the env overrides settings as the server's environment would. */
export async function makeApp(
  env: Record<string, string> = {},
  options: Omit<BuildOptions, 'config'> = {},
): Promise<TestContext> {
  const dataDir = tempDataDir();
  // Responses are checked against their schemas in tests, so a mapper that drifts from the contract fails here.
  // Load shedding is off: a test's own synchronous work (building the OpenAPI document on a busy machine) would
  // otherwise read as an overloaded event loop and turn the next request into a 503. test/reliability turns it on.
  const { '#pgName': pgName, ...settings } = await engineEnv(env);
  const config = loadConfig({ DATA_DIR: dataDir, RESPONSE_VALIDATION: 'true', MAX_EVENT_LOOP_DELAY: '0', ...settings });
  // Tokens are made as the CLI makes them: through the store, on a connection of its own to the same database.
  const cli = config.databaseUrl
    ? await openPgEngine(config.databaseUrl, { max: 2 })
    : createSqliteEngine(openDatabase({ dataDir }));
  if (pgName) pgLeftovers.push({ name: pgName, cli });
  const { tokens } = cli;
  const makeToken = async (name: string, scopes?: Scope[]) => (await tokens.create(name, scopes)).token;
  const token = await makeToken('test-editor');
  const app = await buildApp({ ...options, config });
  await app.ready();
  return {
    app,
    config,
    dataDir,
    token,
    auth: { authorization: `Bearer ${token}` },
    makeToken,
    revokeToken: async (name) => {
      await tokens.revoke(name);
    },
  };
}

/** One app per test file (a fresh database), closed and removed afterwards. */
export function useApp(env: Record<string, string> = {}, options: Omit<BuildOptions, 'config'> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    Object.assign(ctx, await makeApp(env, options));
  });
  afterAll(async () => {
    await ctx.app?.close();
    if (ctx.dataDir) fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/** Parses a JSON or problem+json body (supertest and inject leave problem+json as text). */
export function json<T = any>(res: { body: string } | { payload: string }): T {
  return JSON.parse('payload' in res ? res.payload : res.body) as T;
}

/**
 * A fresh app (and database) for every test of the block, for tests that count or list everything the database
 * holds: what one test writes cannot change what another sees, whatever order they run in (`--sequence.shuffle`).
 */
export function useFreshApp(env: Record<string, string> = {}, options: Omit<BuildOptions, 'config'> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeEach(async () => {
    Object.assign(ctx, await makeApp(env, options));
  });
  afterEach(async () => {
    await ctx.app?.close();
    if (ctx.dataDir) fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/**
 * A database for an app a test builds itself (buildApp with options makeApp does not take): the settings that name
 * it (DATA_DIR, and on PostgreSQL the DATABASE_URL of a fresh database, dropped after the file's last test) and its
 * tokens, made as the CLI makes them on a connection of its own. `close()` once the tokens are made.
 */
export async function makeTestDatabase(dataDir: string): Promise<{
  env: Record<string, string>;
  tokens: Engine['tokens'];
  close: () => Promise<void>;
}> {
  const { '#pgName': pgName, ...env } = await engineEnv({ DATA_DIR: dataDir });
  const cli = env.DATABASE_URL
    ? await openPgEngine(env.DATABASE_URL, { max: 2 })
    : createSqliteEngine(openDatabase({ dataDir }));
  // On PostgreSQL the engine is closed with the database after the file's last test.
  if (pgName) pgLeftovers.push({ name: pgName, cli });
  return { env, tokens: cli.tokens, close: async () => (pgName ? undefined : cli.close()) };
}
