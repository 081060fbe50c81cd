// Contract: `npm run token -- create|list|revoke` (README, Scripts): the token is printed once as the last line and
// stored only as a hash, `list` never prints one, `revoke` takes effect on a running server at once.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runTokenCli } from '../../scripts/lib/token-cli.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { DATABASE_FILE } from '../../src/db/client.js';
import { hashToken } from '../../src/tokens/tokens.store.js';
import { json, tempDataDir } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';
import { spawnTs } from '../server/child-server.js';

type Run = { code: number | null; stdout: string; stderr: string };

function token(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawnTs('scripts/token.ts', args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The same command in-process: fast, for the cases that need no separate process. */
async function tokenInProcess(args: string[], env: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runTokenCli(args, {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

describe('token create and list', () => {
  it('prints the token as the last line, stores only its hash, and list never prints it', async () => {
    const env = { DATA_DIR: dataDir() };
    const created = await token(['create', 'alice'], env);
    expect(created.code).toBe(0);
    const secret = lastLine(created.stdout);
    expect(secret).toMatch(/^ncms_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout.split(secret).length).toBe(2); // printed once

    const file = fs.readFileSync(`${env.DATA_DIR}/${DATABASE_FILE}`);
    expect(fs.existsSync(`${env.DATA_DIR}/${DATABASE_FILE}-wal`)).toBe(false);
    expect(file.includes(Buffer.from(secret))).toBe(false);
    expect(file.includes(Buffer.from(secret.slice(5)))).toBe(false);
    expect(file.includes(Buffer.from(hashToken(secret).toString('hex')))).toBe(true);

    await tokenInProcess(['create', 'bob', '--scopes', 'read'], env);
    expect((await tokenInProcess(['create', 'ops', '--scopes', 'read,write,admin'], env)).code).toBe(0);
    const listed = await token(['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain('ncms_');
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SCOPES\s+CREATED\s+REVOKED$/);
    expect(lines[1]).toMatch(/^alice\s+read,write\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+-$/);
    expect(lines[2]).toMatch(/^bob\s+read\s+\S+Z\s+-$/);
    // admin (webhooks) is given only when asked for: alice, made without --scopes, has read,write.
    expect(lines[3]).toMatch(/^ops\s+read,write,admin\s+\S+Z\s+-$/);
  });

  it('refuses a second active token with the same name (exit 1)', async () => {
    const env = { DATA_DIR: dataDir() };
    expect((await tokenInProcess(['create', 'carol'], env)).code).toBe(0);
    const again = await tokenInProcess(['create', 'carol'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stdout).not.toContain('ncms_');
  });
});

describe('token revoke on a running server', () => {
  it('takes effect at once: the next request with the token is a 401', async () => {
    const dir = dataDir();
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dir }) });
    await app.ready();
    try {
      const secret = lastLine((await token(['create', 'dana'], { DATA_DIR: dir })).stdout);
      const post = () =>
        app.inject({
          method: 'POST',
          url: '/v1/quotes',
          headers: { authorization: `Bearer ${secret}` },
          payload: { text: 'No comment.', speaker: 'Kremlin spokesman' },
        });
      expect((await post()).statusCode).toBe(201);

      const revoked = await token(['revoke', 'dana'], { DATA_DIR: dir });
      expect(revoked.code).toBe(0);
      const after = await post();
      expect(after.statusCode).toBe(401);
      expect(after.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(json(after).detail).toMatch(/revoked/);
      // A public read with the revoked token is a 401 too.
      expect((await app.inject({ url: '/v1/quotes', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(
        401,
      );

      const listed = await tokenInProcess(['list'], { DATA_DIR: dir });
      expect(listed.stdout).toMatch(/^dana\s+read,write\s+\S+Z\s+\d{4}-\S+Z$/m);
      const twice = await tokenInProcess(['revoke', 'dana'], { DATA_DIR: dir });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('No active token named "dana"');
    } finally {
      await app.close();
    }
  });

  it('a read-only token may read but not write (403)', async () => {
    const dir = dataDir();
    const secret = lastLine((await tokenInProcess(['create', 'reader', '--scopes', 'read'], { DATA_DIR: dir })).stdout);
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dir }) });
    try {
      const headers = { authorization: `Bearer ${secret}` };
      expect((await app.inject({ url: '/v1/quotes', headers })).statusCode).toBe(200);
      const write = await app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers,
        payload: { text: 'x', speaker: 'y' },
      });
      expect(write.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('token usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /No command given/],
    ['an unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ['create without a name', ['create'], /create takes exactly one token name/],
    ['create with two names', ['create', 'a', 'b'], /create takes exactly one token name/],
    ['an unknown scope', ['create', 'x', '--scopes', 'superuser'], /--scopes takes .*"superuser"/],
    ['an unknown option', ['list', '--all'], /Unknown option '--all'/],
    ['revoke without a name', ['revoke'], /revoke takes exactly one token name/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2 with the usage`, async () => {
      const run = await tokenInProcess(args, { DATA_DIR: dataDir() });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('Usage:');
      expect(run.stdout).toBe('');
    });
  }

  it('--help prints the usage and exits 0', async () => {
    const run = await tokenInProcess(['--help'], { DATA_DIR: dataDir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run token -- create <name>');
  });

  it('a bad setting is named, as the server names it (exit 1)', async () => {
    const run = await token(['list'], { DATA_DIR: dataDir(), LOG_LEVEL: 'chatty' });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LOG_LEVEL');
  });
});

describe('token with DATABASE_URL', () => {
  it('makes tokens in PostgreSQL, never in SQLite: a database it cannot use is named, password hidden', async () => {
    const dir = dataDir();
    const run = await tokenInProcess(['create', 'alice'], {
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://cms:hunter2@127.0.0.1:5432/cms',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: cannot connect to the PostgreSQL database at postgres://cms:***@');
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stdout).toBe('');
    expect(fs.existsSync(`${dir}/${DATABASE_FILE}`)).toBe(false);
  });
});

describePg('token on PostgreSQL (DATABASE_URL)', () => {
  const pg = usePgDatabase();

  it('creates, lists and revokes tokens there, and the server on that database accepts them until revoked', async () => {
    const env = { DATA_DIR: dataDir(), DATABASE_URL: pg.url };
    const created = await tokenInProcess(['create', 'alice', '--scopes', 'read'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('postgres://postgres@127.0.0.1');
    const token = /ncms_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
    expect(token).toBeDefined();
    expect(fs.existsSync(`${env.DATA_DIR}/${DATABASE_FILE}`)).toBe(false);

    const listed = await tokenInProcess(['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/alice\s+read/);

    const app = await buildApp({ config: loadConfig(env) });
    try {
      const drafts = {
        method: 'GET' as const,
        url: '/v1/articles?status=draft',
        headers: { authorization: `Bearer ${token}` },
      };
      expect((await app.inject(drafts)).statusCode).toBe(200);
      expect((await tokenInProcess(['revoke', 'alice'], env)).code).toBe(0);
      expect((await app.inject(drafts)).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
