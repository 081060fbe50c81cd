// Contract: the compiled build (what `npm start` and the Docker image run) works: `node dist/src/server.js` serves
// and stops on SIGTERM, and `node dist/scripts/token.js` and `dist/scripts/migrate.js` work on DATA_DIR.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appVersion } from '../../src/version.js';
import { tempDataDir } from '../helpers/app.js';
import { ROOT } from './child-server.js';

const run = promisify(execFile);
// NOTE: inside the project (under node_modules/.cache, which git ignores) so that the compiled files resolve
// their dependencies, package.json ("type": "module") and migrations/ exactly as dist/ does.
const OUT = path.join(ROOT, 'node_modules', '.cache', `ncms-compiled-${process.pid}`);
const dirs: string[] = [];

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT });
}, 180_000);

afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

describe('the compiled build', () => {
  it('migrate and token work from dist/scripts', async () => {
    const env = { ...process.env, DATA_DIR: dataDir() };
    const migrated = await run(process.execPath, [path.join(OUT, 'scripts', 'migrate.js')], { env });
    expect(migrated.stdout).toMatch(/^Applied \d+ migration/);
    const created = await run(process.execPath, [path.join(OUT, 'scripts', 'token.js'), 'create', 'alice'], { env });
    expect(created.stdout.trimEnd().split('\n').at(-1)).toMatch(/^ncms_[A-Za-z0-9_-]{43}$/);
    const listed = await run(process.execPath, [path.join(OUT, 'scripts', 'token.js'), 'list'], { env });
    expect(listed.stdout).toMatch(/^alice\s+read,write/m);
  });

  it('dist/src/server.js serves /health and stops on SIGTERM with exit code 0', async () => {
    const child = spawn(process.execPath, [path.join(OUT, 'src', 'server.js')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir(), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      exited.then((code) => reject(new Error(`exited ${code} before listening`)));
    });
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    // The compiled server finds package.json from dist/src/ for its version.
    expect(await res.json()).toEqual({ status: 'ok', version: appVersion });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
