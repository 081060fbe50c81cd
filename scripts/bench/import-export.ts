import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dataset } from './data-generator.js';
import { readsDuringImport } from './reads-during-import.js';

// `npm run bench:import [-- --articles 10000 --export-articles 100000 --only import,reads,seed,export]`: the
// fixture-bundle figures.
//  1. import: a generated bundle of N articles loaded into an empty database in one transaction, through the
//     import store as the server runs it (compiled: dist/, built first; its worker thread parses, checks and
//     writes), from the file's bytes (articles per second, reading the file included), then loaded again (all
//     unchanged). Each run loads into a new database; the first load of the process also starts the import
//     worker (reported apart), later ones find it waiting (import.worker-pool.ts), as a server's later imports do;
//  2. reads during import: the same bundle posted to a running server (dist/, built first) while single article
//     reads run at a steady rate (reads-during-import.ts): the reads' p50/p99 and the import's articles/s;
//  3. seed: `npm run seed -- <bundle>` as a child process on a fresh DATA_DIR (wall time, start-up included);
//  4. export: `npm run export` of a database of M articles, as a child process (wall time, peak RSS).
// Run it on an idle machine: the figures are wall-clock times.

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const tsxLoader = ['--import', 'tsx'];
const NOW = Date.parse('2025-01-01T00:00:00.000Z');

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    'export-articles': { type: 'string', default: '100000' },
    runs: { type: 'string', default: '4' },
    only: { type: 'string', default: 'import,reads,seed,export' },
    /** The checkout whose dist/ the reads-during-import server runs (another build, for a before/after). */
    root: { type: 'string' },
    'read-rate': { type: 'string', default: '200' },
  },
});
const only = new Set(values.only.split(','));
const articles = Number(values.articles);
const exportArticles = Number(values['export-articles']);
const runs = Number(values.runs);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-bench-import-'));
const bundleFile = path.join(work, 'bundle.json');

function generate(file: string, count: number) {
  execFileSync(
    process.execPath,
    [
      ...tsxLoader,
      'scripts/generate-bundle.ts',
      file,
      '--articles',
      String(count),
      '--now',
      new Date(NOW).toISOString(),
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** The modules the benchmark drives, compiled (dist/), as the server runs them. */
async function compiled() {
  const load = <T>(file: string) => import(pathToFileURL(path.join(root, 'dist', 'src', file)).href) as Promise<T>;
  return {
    ...(await load<typeof import('../../src/articles/articles.sqlite.js')>('articles/articles.sqlite.js')),
    ...(await load<typeof import('../../src/db/client.js')>('db/client.js')),
    ...(await load<typeof import('../../src/images/images.service.js')>('images/images.service.js')),
    ...(await load<typeof import('../../src/images/images.sqlite.js')>('images/images.sqlite.js')),
    ...(await load<typeof import('../../src/import/import.sqlite.js')>('import/import.sqlite.js')),
    ...(await load<typeof import('../../src/import/import.store.js')>('import/import.store.js')),
    ...(await load<typeof import('../../src/media/media.local.js')>('media/media.local.js')),
    ...(await load<typeof import('../../src/quotes/quotes.sqlite.js')>('quotes/quotes.sqlite.js')),
  };
}

function build() {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
}

let modules: Awaited<ReturnType<typeof compiled>> | undefined;

async function openImporter(dataDir: string) {
  modules ??= await compiled();
  const {
    openDatabase,
    closeDatabase,
    createQuotesRepository,
    createImagesRepository,
    createSqliteArticlesStore,
    createLocalMediaFiles,
    createImagesService,
    createSqliteImagesStore,
    createSqliteImportStore,
    NO_FILES,
  } = modules;
  const db = openDatabase({ dataDir });
  const quotes = createQuotesRepository(db);
  const images = createImagesRepository(db);
  const articles = createSqliteArticlesStore(db, { images, quotes });
  const media = createLocalMediaFiles({ dir: path.join(dataDir, 'media') });
  const uploadLimit = 20 * 1024 * 1024;
  const imagesService = createImagesService({ images: createSqliteImagesStore(db, images), media, uploadLimit });
  const store = createSqliteImportStore(db, {
    uploadLimit,
    images,
    quotes,
    articles,
    imagesService,
  });
  /** The bundle as JSON text, as a request's body would bring it. */
  const load = (bundle: Buffer | object) =>
    store.load({ json: Buffer.isBuffer(bundle) ? bundle : Buffer.from(JSON.stringify(bundle)) }, NO_FILES);
  const close = async () => {
    await store.close();
    closeDatabase(db);
  };
  return { load, close };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en')} articles/s`;

async function benchImport() {
  generate(bundleFile, articles);
  const size = fs.statSync(bundleFile).size;
  console.log(`bundle: ${articles} articles, ${(size / 1024 / 1024).toFixed(1)} MiB`);
  const results: Array<{ total: number; again: number; cpu: number }> = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = fs.mkdtempSync(path.join(work, 'import-'));
    const importer = await openImporter(dataDir);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await importer.load(fs.readFileSync(bundleFile));
    const loaded = performance.now();
    // The process's CPU time: the worker thread's included.
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
    if (result.created.articles !== articles)
      throw new Error(`expected ${articles} created: ${JSON.stringify(result)}`);
    const again = await importer.load(fs.readFileSync(bundleFile));
    const reloaded = performance.now();
    if (again.unchanged.articles !== articles) throw new Error(`expected all unchanged: ${JSON.stringify(again)}`);
    await importer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    results.push({ total: loaded - started, again: reloaded - loaded, cpu: cpuMs });
    const first = run === 0 ? " [the process's first load: starts the import worker]" : '';
    console.log(
      `  run ${run + 1}: read+parse+load ${seconds(loaded - started)} (${rate(articles, loaded - started)}; CPU ${seconds(cpuMs)}), load again (unchanged) ${seconds(reloaded - loaded)}${first}`,
    );
  }
  const [cold, ...warm] = results;
  console.log(`import, first load of the process: ${rate(articles, cold!.total)}`);
  if (warm.length > 0) {
    const best = warm.reduce((a, b) => (b.total < a.total ? b : a));
    const median = [...warm].sort((a, b) => a.total - b.total)[Math.floor((warm.length - 1) / 2)]!;
    console.log(
      `import, later loads: best ${rate(articles, best.total)}, median ${rate(articles, median.total)} (${rate(articles, best.cpu)} of CPU time at best)`,
    );
  }
}

function benchSeed() {
  if (!fs.existsSync(bundleFile)) generate(bundleFile, articles);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = fs.mkdtempSync(path.join(work, 'seed-'));
    const started = performance.now();
    const child = spawnSync(process.execPath, [...tsxLoader, 'scripts/seed.ts', bundleFile], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    const elapsed = performance.now() - started;
    if (child.status !== 0) throw new Error(`seed failed: ${child.stderr}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    times.push(elapsed);
    console.log(`  run ${run + 1}: npm run seed (${articles} articles, fresh DATA_DIR) ${seconds(elapsed)} wall`);
  }
  console.log(`seed best: ${seconds(Math.min(...times))} wall, process start-up and migrations included`);
}

/** A database of `count` articles, loaded as the images and quotes first, then the articles 10,000 at a time. */
async function buildLargeDatabase(dataDir: string, count: number) {
  const data = dataset({ articles: count, now: NOW });
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const importer = await openImporter(dataDir);
  try {
    const images = Array.from({ length: data.size.images }, (_, i) => {
      const { createdAt: _c, ...image } = data.image(i);
      return image;
    });
    const quotes = Array.from({ length: data.size.quotes }, (_, i) => {
      const { createdAt: _c, saidAt, ...quote } = data.quote(i);
      return { ...quote, saidAt: iso(saidAt) };
    });
    await importer.load({ images, quotes });
    for (let start = 0; start < count; start += 10_000) {
      const slice = Array.from({ length: Math.min(10_000, count - start) }, (_, i) => {
        const { createdAt: _c, publishedAt, ...article } = data.article(start + i);
        return { ...article, publishedAt: iso(publishedAt) };
      });
      await importer.load({ articles: slice });
    }
  } finally {
    await importer.close();
  }
}

async function benchExport() {
  const dataDir = fs.mkdtempSync(path.join(work, 'export-'));
  const started = performance.now();
  await buildLargeDatabase(dataDir, exportArticles);
  console.log(`export: database of ${exportArticles} articles built in ${seconds(performance.now() - started)}`);
  const out = path.join(work, 'export.json');
  for (let run = 0; run < runs; run++) {
    const begin = performance.now();
    // GNU time's %M: the child's peak resident set size, in KiB.
    const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...tsxLoader, 'scripts/export.ts', out], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    const elapsed = performance.now() - begin;
    if (child.status !== 0) throw new Error(`export failed: ${child.stderr}`);
    const peak = Number(child.stderr.trim().split('\n').at(-1));
    console.log(
      `  run ${run + 1}: npm run export (${exportArticles} articles, ${(fs.statSync(out).size / 1024 / 1024).toFixed(0)} MiB) ${seconds(elapsed)} wall, peak RSS ${(peak / 1024).toFixed(0)} MiB`,
    );
  }
}

async function benchReads() {
  const serverRoot = values.root ? path.resolve(values.root) : root;
  // One more article per 10 than the import: those are loaded first, and they are what the reads ask for.
  const preload = Math.max(100, Math.round(articles / 10));
  const file = path.join(work, 'reads-bundle.json');
  generate(file, articles + preload);
  for (let run = 0; run < runs; run++) {
    const dataDir = fs.mkdtempSync(path.join(work, 'reads-'));
    const result = await readsDuringImport({
      root: serverRoot,
      bundleFile: file,
      dataDir,
      preload,
      rate: Number(values['read-rate']),
      seed: async (dir, bundle) => {
        const importer = await openImporter(dir);
        try {
          await importer.load(bundle);
        } finally {
          await importer.close();
        }
      },
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(
      `  run ${run + 1}: import of ${result.articles} articles over HTTP ${seconds(result.importMs)} (${rate(result.articles, result.importMs)}); ${result.reads.count} reads meanwhile: p50 ${ms(result.reads.p50)}, p99 ${ms(result.reads.p99)}, max ${ms(result.reads.max)}${result.reads.failed ? `, ${result.reads.failed} failed` : ''} (before the import: ${result.readsBefore.count} reads, p50 ${ms(result.readsBefore.p50)}, p99 ${ms(result.readsBefore.p99)})`,
    );
  }
}

try {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}`);
  build();
  if (only.has('import')) await benchImport();
  if (only.has('reads')) await benchReads();
  if (only.has('seed')) benchSeed();
  if (only.has('export')) await benchExport();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
