import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { createSqliteTokensStore } from '../src/tokens/tokens.sqlite.js';
import { EXIT_FAILURE, EXIT_USAGE } from './lib/cli.js';

// `npm run soak -- --duration 60 --connections 50`: starts the real server on a fresh temporary DATA_DIR, seeds it,
// and drives mixed reads and writes at it for the given time, reporting errors, latency percentiles and the
// server's resident memory at the start, every 10 s and at the end. Not part of `npm test`: it takes minutes.
// Traffic goes to 127.0.0.1 only.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: npm run soak -- [--duration <seconds>] [--connections <n>] [--compiled] [--keep]

  --duration <s>      how long to drive load (default 60)
  --connections <n>   concurrent connections (default 50)
  --compiled          build (npm run build) and run dist/src/server.js, as npm start does (default: tsx on src/)
  --keep              keep the temporary DATA_DIR afterwards

Exits 1 when any request failed (a socket error, a timeout or a status other than 2xx).`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        duration: { type: 'string', default: '60' },
        connections: { type: 'string', default: '50' },
        compiled: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const duration = Number(values.duration);
    const connections = Number(values.connections);
    if (!Number.isInteger(duration) || duration < 1) throw new Error('--duration takes a whole number of seconds');
    if (!Number.isInteger(connections) || connections < 1) throw new Error('--connections takes a whole number');
    return { duration, connections, compiled: values.compiled, keep: values.keep };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

/**
 * Resident memory split as Linux reports it: anonymous (the JS heap, SQLite's page cache) and file-backed (the
 * database pages SQLite reads through mmap, code). A growing file part follows the database's size, not a leak.
 */
function rssParts(pid: number): { anon: number; file: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024;
    return { anon: kib('RssAnon'), file: kib('RssFile') + kib('RssShmem') };
  } catch {
    return null;
  }
}

/** Resident memory of a process in MiB, from /proc (Linux) or ps. */
function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    if (Number.isFinite(kib)) return kib / 1024;
  } catch {
    // not Linux: ask ps
  }
  const out = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return Number(out.trim()) / 1024;
}

function startServer(dataDir: string, compiled: boolean): Promise<{ child: ChildProcess; url: string }> {
  const args = compiled
    ? ['--enable-source-maps', path.join(ROOT, 'dist/src/server.js')]
    : ['--import', 'tsx', path.join(ROOT, 'src/server.ts')];
  // LOG_LEVEL info, as in production: the server logs every request, and that is part of what is measured.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(buffer);
      if (match) {
        child.stdout!.off('data', onData);
        // Keep draining the log so that the server never blocks on a full pipe.
        child.stdout!.resume();
        resolve({ child, url: match[1]! });
      } else if (buffer.length > 1_000_000) buffer = buffer.slice(-10_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${stderr}`)));
  });
}

type Seed = { articles: { id: string; slug: string }[]; quotes: string[]; images: string[]; words: string[] };

async function seed(url: string, token: string): Promise<Seed> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (route: string, body: object) => {
    const res = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`seeding ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; slug: string };
  };
  const words = ['kursk', 'soldiers', 'telegram', 'statement', 'intelligence', 'frontline', 'ceasefire', 'border'];
  const out: Seed = { articles: [], quotes: [], images: [], words };
  for (let i = 0; i < 50; i++) {
    out.quotes.push(
      (await post('/v1/quotes', { text: `Quote ${i} about ${words[i % 8]}`, speaker: `Speaker ${i % 7}` })).id,
    );
  }
  for (let i = 0; i < 20; i++) {
    out.images.push(
      (await post('/v1/images', { sourceUrl: `https://example.org/${i}.jpg`, altText: `Picture ${i}`, credit: 'AP' }))
        .id,
    );
  }
  for (let i = 0; i < 200; i++) {
    const article = await post('/v1/articles', {
      headline: `Story ${i}: ${words[i % 8]} and ${words[(i * 3) % 8]}`,
      standfirst: 'A standfirst.',
      section: i % 2 ? 'news' : 'world',
      tags: [words[i % 8]!],
      status: 'published',
      leadImageId: out.images[i % 20],
      body: [
        { type: 'paragraph', text: `Paragraph about ${words[(i + 1) % 8]}. `.repeat(20) },
        { type: 'quote', quoteId: out.quotes[i % 50] },
        { type: 'image', imageId: out.images[(i + 3) % 20] },
        { type: 'paragraph', text: 'More text. '.repeat(30) },
      ],
    });
    out.articles.push({ id: article.id, slug: article.slug });
  }
  return out;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** One request of the mix: 70% reads (lists, single articles, search), 30% writes. */
function mixedRequest(data: Seed, token: string): AutocannonRequest {
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const roll = Math.random() * 100;
  if (roll < 15) return { method: 'GET', path: '/v1/articles', headers: {} };
  if (roll < 35) return { method: 'GET', path: `/v1/articles/${pick(data.articles).id}`, headers: {} };
  if (roll < 45) return { method: 'GET', path: `/v1/articles/${pick(data.articles).slug}`, headers: {} };
  if (roll < 52) return { method: 'GET', path: `/v1/articles?q=${pick(data.words)}&limit=10`, headers: {} };
  if (roll < 58) return { method: 'GET', path: '/v1/quotes?limit=50', headers: {} };
  if (roll < 63) return { method: 'GET', path: '/v1/images', headers: {} };
  if (roll < 70) return { method: 'GET', path: '/v1/articles?status=any&include=body&limit=10', headers: auth };
  if (roll < 80) {
    const body = { text: `Soak quote ${Math.random()}`, speaker: pick(['Kyiv', 'Seoul', 'Moscow']) };
    return { method: 'POST', path: '/v1/quotes', headers: json, body: JSON.stringify(body) };
  }
  if (roll < 92) {
    const body = { standfirst: `Updated ${new Date().toISOString()}`, tags: [pick(data.words), pick(data.words)] };
    return {
      method: 'PATCH',
      path: `/v1/articles/${pick(data.articles).id}`,
      headers: json,
      body: JSON.stringify(body),
    };
  }
  const body = {
    headline: `Soak story ${pick(data.words)} ${Math.random()}`,
    status: 'published',
    tags: [pick(data.words)],
    body: [
      { type: 'paragraph', text: 'Soak text. '.repeat(40) },
      { type: 'quote', quoteId: pick(data.quotes) },
    ],
  };
  return { method: 'POST', path: '/v1/articles', headers: json, body: JSON.stringify(body) };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  const opts = options();
  if (opts.compiled) {
    process.stdout.write('Building (npm run build)…\n');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-soak-'));
  const db = openDatabase({ dataDir });
  const token = (await createSqliteTokensStore(db).create('soak')).token;
  closeDatabase(db);

  const { child, url } = await startServer(dataDir, opts.compiled);
  const pid = child.pid!;
  let exitCode = 0;
  try {
    process.stdout.write(
      `Server ${opts.compiled ? 'dist/src/server.js' : 'src/server.ts (tsx)'} pid ${pid} at ${url}\n`,
    );
    process.stdout.write(`RSS at start (before seeding): ${fmt(rssMiB(pid))} MiB\n`);
    const data = await seed(url, token);
    const rssStart = rssMiB(pid);
    process.stdout.write(
      `Seeded ${data.articles.length} articles, ${data.quotes.length} quotes, ${data.images.length} images. RSS at start of load: ${fmt(rssStart)} MiB\n`,
    );
    process.stdout.write(`Load: ${opts.connections} connections for ${opts.duration} s, 70% reads / 30% writes\n`);

    let responses = 0;
    let last = 0;
    const samples: Array<{ t: number; rss: number; rps: number }> = [];
    const databaseMiB = () => {
      const file = (name: string) => fs.statSync(path.join(dataDir, name), { throwIfNoEntry: false })?.size ?? 0;
      return (file('cms.sqlite') + file('cms.sqlite-wal')) / 1024 / 1024;
    };
    const detail = () => {
      const parts = rssParts(pid);
      const split = parts ? ` (anon ${fmt(parts.anon)}, file ${fmt(parts.file)})` : '';
      return `${split}  database ${fmt(databaseMiB())} MiB`;
    };
    const started = Date.now();
    const timer = setInterval(() => {
      const t = Math.round((Date.now() - started) / 1000);
      const rss = rssMiB(pid);
      const rps = (responses - last) / 10;
      last = responses;
      samples.push({ t, rss, rps });
      process.stdout.write(
        `  t=${String(t).padStart(4)} s  RSS ${fmt(rss).padStart(7)} MiB${detail()}  ${fmt(rps, 0)} req/s\n`,
      );
    }, 10_000);

    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: opts.connections,
          duration: opts.duration,
          timeout: 10,
          requests: [{ setupRequest: () => mixedRequest(data, token) }],
        },
        (error, res) => (error ? reject(error) : resolve(res)),
      );
      instance.on('response', () => {
        responses++;
      });
    });
    clearInterval(timer);
    const rssEnd = rssMiB(pid);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const rssSettled = rssMiB(pid);
    const settledDetail = detail();

    const statuses = Object.entries(result.statusCodeStats)
      .map(([code, { count }]) => `${code}: ${count}`)
      .join(', ');
    const failed = result.errors + result.timeouts + result.non2xx;
    const l = result.latency;
    process.stdout.write(
      [
        '',
        `Requests: ${result.requests.total} in ${fmt(result.duration)} s (${fmt(result.requests.average, 0)} req/s on average)`,
        `Statuses: ${statuses}`,
        `Errors: ${result.errors} socket errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
        `Latency (ms): p50 ${l.p50}  p90 ${l.p90}  p97.5 ${l.p97_5}  p99 ${l.p99}  max ${l.max}  (mean ${fmt(l.average, 2)})`,
        `RSS (MiB): start ${fmt(rssStart)}, ${samples.map((s) => `${s.t}s ${fmt(s.rss)}`).join(', ')}, end ${fmt(rssEnd)}, 5 s after ${fmt(rssSettled)}${settledDetail}`,
        failed === 0 ? 'Result: no errors.' : `Result: ${failed} failed request(s).`,
        '',
      ].join('\n'),
    );
    if (failed > 0) exitCode = EXIT_FAILURE;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (opts.keep) process.stdout.write(`DATA_DIR kept: ${dataDir}\n`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

main().catch((error) => {
  process.stderr.write(`Soak failed: ${(error as Error).message}\n`);
  process.exitCode = EXIT_FAILURE;
});
