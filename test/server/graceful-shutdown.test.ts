// Contract: SIGTERM and SIGINT stop the server gracefully within 10 s (requests in flight finish, the database is
// closed with no -wal file left), a bad setting stops it at start naming the variable, and logs hold no tokens.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { createSqliteTokensStore } from '../../src/tokens/tokens.sqlite.js';
import { tempDataDir } from '../helpers/app.js';
import { referenceContract } from '../helpers/contract.js';
import { type ChildServer, spawnTs, startServer } from './child-server.js';

const quote = { text: 'We will respond to any provocation.', speaker: 'National Intelligence Service' };

let server: ChildServer | undefined;
const dirs: string[] = [];

afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function dataDirWithToken(): Promise<{ dataDir: string; token: string }> {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const db = openDatabase({ dataDir });
  const { token } = await createSqliteTokensStore(db).create('shutdown-test');
  closeDatabase(db);
  return { dataDir, token };
}

/**
 * Sends the request line, headers and half of the body, and leaves the rest for `finish()`. A raw http.request
 * (fetch would send the body at once), so the answer is checked against the document here, as fetch's are.
 */
function startSlowPost(url: string, token: string, body: string) {
  const request = http.request(`${url}/v1/quotes`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const response = new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      request.on('error', reject);
      request.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      });
    },
  );
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return { response, finish: () => request.end(body.slice(half)) };
}

describe('graceful shutdown of the real server', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the request in flight finishes, exit code 0, no -wal file left`, async () => {
      const { dataDir, token } = await dataDirWithToken();
      server = await startServer({ DATA_DIR: dataDir });

      const body = JSON.stringify(quote);
      const post = startSlowPost(server.url, token, body);
      // The server has the request (its headers) but not yet the whole body.
      await server.waitForLog((line) => line.msg === 'incoming request' && (line.req as any)?.method === 'POST');
      server.child.kill(signal);
      await server.waitForLog((line) => line.msg.startsWith('closing'));
      post.finish();

      const res = await post.response;
      (await referenceContract()).check({ method: 'POST', url: '/v1/quotes' }, res);
      expect(res.status).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject(quote);
      // The connection is not left open for the client to keep alive, which would hold the close.
      expect(res.headers.connection).toBe('close');
      expect(await server.exited).toBe(0);
      expect(server.logs.some((line) => line.msg === 'closed')).toBe(true);

      expect(fs.existsSync(path.join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);
      const db = openDatabase({ dataDir, migrate: false });
      const count = db.$client.prepare('SELECT count(*) AS n FROM quotes').get() as { n: number };
      closeDatabase(db);
      expect(count.n).toBe(1);

      // Logs are JSON with request ids, and never carry a token or a request body.
      const raw = server.logs.map((line) => JSON.stringify(line)).join('\n');
      expect(raw).not.toContain(token);
      expect(raw).not.toContain(quote.text);
      expect(server.logs.find((line) => line.msg === 'incoming request')?.reqId).toBeTruthy();
    });
  }

  it('logs the address it listens on and answers /health there', async () => {
    const { dataDir } = await dataDirWithToken();
    server = await startServer({ DATA_DIR: dataDir });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'probe-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('probe-1');
    await server.waitForLog((line) => line.reqId === 'probe-1' && line.msg === 'request completed');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

describe('a bad setting stops the server at start', () => {
  function runBad(env: Record<string, string>) {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const child = spawnTs('src/server.ts', [], { DATA_DIR: dataDir, PORT: '0', ...env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('PORT=abc exits 1 with a message naming PORT', async () => {
    const { code, stderr } = await runBad({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('"abc"');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // a message, not a stack trace
  });

  it('names every bad variable at once', async () => {
    const { code, stderr } = await runBad({ LOG_LEVEL: 'loud', BODY_LIMIT: '1MB' });
    expect(code).toBe(1);
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).toContain('BODY_LIMIT');
  });

  it('a DATABASE_URL it cannot use exits 1 naming it (password hidden), never silently SQLite', async () => {
    const { code, stderr } = await runBad({ DATABASE_URL: 'postgres://cms:hunter2@127.0.0.1:5432/cms' });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'DATABASE_URL: cannot connect to the PostgreSQL database at postgres://cms:***@127.0.0.1:5432/cms',
    );
    expect(stderr).not.toContain('hunter2');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
