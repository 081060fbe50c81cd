import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { newSecret } from '../../src/webhooks/signature.js';
import { createSqliteWebhooksStore } from '../../src/webhooks/webhooks.sqlite.js';
import { dataset } from './data-generator.js';
import { deepCursorsOf, etagsOf, prepareRendition, type SharedSample, sampleArticles } from './fixtures.js';
import { type LoadResult, type RawLoad, type Request, runLoad, summarize } from './load.js';
import { type BenchPostgres, copyToPostgres, runSpreadLoad } from './postgres.js';
import { formatProfile, summarizeProfile } from './profile-summary.js';
import { buildReferenceDatabase } from './reference-data.js';
import { growthTable, mb, postgresTable, type ScalePoint, type WorkloadResult, workloadTable } from './report.js';
import { databaseBytes, hasPlannerStatistics, makeToken, type SeedReport, type SeedVia, seedDatabase } from './seed.js';
import { type ServerProcess, settle, startServer } from './servers.js';
import { type TargetFixtures, WORKLOADS, type Workload } from './workloads.js';

// `npm run bench`: the real server (compiled, production settings) against a minimal reference server on the
// same data, workload by workload, over loopback. See BENCHMARKS.md for what each workload does and how to read
// the figures. Every server it starts is stopped by its PID; every temporary database is removed.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'bench-results');

const USAGE = `Usage: npm run bench -- [options]
  --articles N        articles in the database (default 10000)
  --duration S        seconds of load per workload and server (default 10)
  --warmup S          seconds of unrecorded load before each measurement (default 2)
  --connections C     concurrent connections (default 10)
  --rounds R          split each measurement into R rounds, alternating servers (default 2)
  --only a,b          only these workloads (${WORKLOADS.map((w) => w.name).join(', ')})
  --scale             the read workloads at several sizes, with memory, file size, seeding time, cold start
  --scale-sizes a,b   sizes for --scale (default 1000,100000,1000000)
  --no-reference      skip the reference server (faster --scale; no ratios)
  --seed-via V        import (default: the bundle importer, in process) or repositories (create() one by one)
  --profile W         run workload W against the real server under node --cpu-prof and summarize the profile
  --server-env K=V    an extra environment variable for the real server (repeatable), e.g. RESPONSE_VALIDATION=true
  --webhook           one enabled webhook (all events) to a receiver in this process, to measure writes with
                      webhooks on; reports the deliveries it received and their rate
  --no-build          use dist/ as it is (skip npm run build)
  --keep              keep the temporary databases (their paths are printed)
  --seeded N=DIR      for N articles, use the database already seeded in DIR (repeatable; never removed, migrated
                      in place): several runs at 1,000,000 articles without seeding each time
  --db E              sqlite (default) or postgres: with postgres, the seeded database is also copied into a fresh
                      PostgreSQL database (PG_BENCH_URL's server, default postgres://postgres@127.0.0.1:5432/test)
                      and every workload runs on our server over it too, beside SQLite and the reference
  --instances N       with --db postgres: N instances of our server on that database, the load spread among them
                      (default 1)
  --report FILE       print the tables of a saved bench-results/*.json again`;

type Options = {
  articles: number;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  only: string[] | null;
  scale: boolean;
  scaleSizes: number[];
  reference: boolean;
  seedVia: SeedVia;
  profile: string | null;
  serverEnv: Record<string, string>;
  build: boolean;
  webhook: boolean;
  keep: boolean;
  report: string | null;
  /** Databases seeded beforehand, by number of articles. */
  seeded: Map<number, string>;
  db: 'sqlite' | 'postgres';
  instances: number;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      scale: { type: 'boolean' },
      'scale-sizes': { type: 'string' },
      'no-reference': { type: 'boolean' },
      'seed-via': { type: 'string' },
      profile: { type: 'string' },
      'server-env': { type: 'string', multiple: true },
      'no-build': { type: 'boolean' },
      webhook: { type: 'boolean' },
      keep: { type: 'boolean' },
      report: { type: 'string' },
      seeded: { type: 'string', multiple: true },
      db: { type: 'string' },
      instances: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be a number ≥ ${min}; got ${value}`);
    return parsed;
  };
  const names = WORKLOADS.map((w) => w.name);
  const only = values.only?.split(',').map((name) => name.trim()) ?? null;
  const unknown = [...(only ?? []), ...(values.profile ? [values.profile] : [])].filter((n) => !names.includes(n));
  if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}; known: ${names.join(', ')}`);
  return {
    articles: Math.floor(number('articles', values.articles, 10_000, 100)),
    duration: number('duration', values.duration, 10, 1),
    warmup: number('warmup', values.warmup, 2, 0),
    connections: Math.floor(number('connections', values.connections, 10, 1)),
    rounds: Math.floor(number('rounds', values.rounds, 2, 1)),
    only,
    scale: values.scale ?? false,
    scaleSizes: (values['scale-sizes'] ?? '1000,100000,1000000').split(',').map((n) => {
      const size = Number(n);
      if (!Number.isInteger(size) || size < 100) throw new Error(`--scale-sizes takes whole numbers ≥ 100; got ${n}`);
      return size;
    }),
    reference: !values['no-reference'],
    seedVia: (() => {
      const via = values['seed-via'] ?? 'import';
      if (via !== 'import' && via !== 'repositories')
        throw new Error(`--seed-via takes import or repositories; got ${via}`);
      return via;
    })(),
    profile: values.profile ?? null,
    serverEnv: Object.fromEntries(
      (values['server-env'] ?? []).map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--server-env takes NAME=value; got ${pair}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ),
    build: !values['no-build'],
    webhook: values.webhook ?? false,
    keep: values.keep ?? false,
    report: values.report ?? null,
    db: (() => {
      const db = values.db ?? 'sqlite';
      if (db !== 'sqlite' && db !== 'postgres') throw new Error(`--db takes sqlite or postgres; got ${db}`);
      return db;
    })(),
    instances: Math.floor(number('instances', values.instances, 1, 1)),
    seeded: new Map(
      (values.seeded ?? []).map((pair) => {
        const at = pair.indexOf('=');
        const size = Number(pair.slice(0, at));
        const dir = path.resolve(pair.slice(at + 1));
        if (at < 1 || !Number.isInteger(size) || !fs.existsSync(path.join(dir, DATABASE_FILE))) {
          throw new Error(`--seeded takes N=DIR, DIR holding a seeded ${DATABASE_FILE}; got ${pair}`);
        }
        return [size, dir];
      }),
    ),
  };
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function machine() {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    nproc: os.availableParallelism(),
    cpu,
    node: process.version,
    memory: mb(os.totalmem()),
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedSrcFiles: git(['status', '--porcelain', '--', 'src'])?.split('\n').filter(Boolean).length ?? null,
  };
}

function build() {
  log('Building (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    // tsc still writes JavaScript when types fail (a file someone is in the middle of): warn, and go on only if
    // the entry points exist.
    log(
      `WARNING: npm run build failed; benchmarking what it emitted.\n${(result.stdout + result.stderr).slice(-2_000)}`,
    );
  }
  for (const file of ['dist/src/server.js', 'dist/scripts/bench/reference-server.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: the build did not produce it`);
  }
}

type Environment = {
  articles: number;
  ourDir: string;
  referenceDir: string;
  referenceFile: string;
  seed: SeedReport;
  referenceSeconds: number | null;
  databaseBytes: number;
  /** Whether seeding left planner statistics behind (PRAGMA optimize on close may run ANALYZE). */
  plannerStatistics: boolean;
  token: string;
  sample: SharedSample;
  data: ReturnType<typeof dataset>;
  cleanup: () => void;
};

async function prepare(articles: number, options: Options): Promise<Environment> {
  const seededDir = options.seeded.get(articles);
  const ourDir = seededDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-bench-'));
  const referenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-bench-ref-'));
  const cleanup = () => {
    pendingCleanups.delete(cleanup);
    if (options.keep) {
      log(`Kept ${ourDir} and ${referenceDir}`);
      return;
    }
    if (!seededDir) fs.rmSync(ourDir, { recursive: true, force: true });
    fs.rmSync(referenceDir, { recursive: true, force: true });
  };
  pendingCleanups.add(cleanup);
  try {
    const data = dataset({ articles });
    const seed = seededDir
      ? alreadySeeded(articles, seededDir)
      : await (async () => {
          log(
            `Seeding ${articles.toLocaleString('en')} articles, ${data.size.images} images, ${data.size.quotes} quotes…`,
          );
          return seedDatabase(ourDir, data, {
            via: options.seedVia,
            onProgress: (done) => {
              if (articles >= 200_000) log(`  ${done.toLocaleString('en')} articles`);
            },
          });
        })();
    log(
      `  ${seed.seconds.toFixed(1)} s, of which writing ${seed.writeSeconds.toFixed(1)} s ` +
        `(${seed.articlesPerSecond.toFixed(0)} articles/s; ${seed.articlesPerCpuSecond.toFixed(0)} per CPU second) via ${seed.via}`,
    );
    const token = await makeToken(ourDir);
    const referenceFile = path.join(referenceDir, 'reference.sqlite');
    let referenceSeconds: number | null = null;
    if (options.reference) {
      log('Building the reference database…');
      referenceSeconds = buildReferenceDatabase(ourDir, referenceFile).seconds;
      log(`  ${referenceSeconds.toFixed(1)} s`);
    }
    return {
      articles,
      ourDir,
      referenceDir,
      referenceFile,
      seed,
      referenceSeconds,
      databaseBytes: databaseBytes(ourDir),
      plannerStatistics: hasPlannerStatistics(ourDir),
      token,
      sample: sampleArticles(ourDir, articles),
      data,
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** A --seeded database: checked to hold the articles it is said to, migrated; no seeding time to report. */
function alreadySeeded(articles: number, dir: string): SeedReport {
  const db = openDatabase({ dataDir: dir });
  try {
    const { n } = db.$client.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
    if (n < articles) throw new Error(`--seeded ${articles}=${dir}: the database holds ${n} articles`);
  } finally {
    closeDatabase(db);
  }
  log(`Using the database seeded in ${dir} (not removed afterwards)`);
  return {
    via: 'import',
    articles,
    images: 0,
    quotes: 0,
    seconds: 0,
    writeSeconds: Number.NaN,
    articlesPerSecond: Number.NaN,
    writeCpuSeconds: Number.NaN,
    articlesPerCpuSecond: Number.NaN,
  };
}

const running = new Set<ServerProcess>();
/** Temporary folders to remove should the run be interrupted. */
const pendingCleanups = new Set<() => void>();

async function startOurs(
  env: Environment,
  options: Options,
  nodeFlags: string[] = [],
  databaseUrl?: string,
): Promise<ServerProcess> {
  const server = await startServer({
    name: databaseUrl ? 'ours-postgres' : 'ours',
    // As `npm start` runs it, minus the build.
    args: ['--enable-source-maps', ...nodeFlags, 'dist/src/server.js'],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...options.serverEnv,
      DATA_DIR: env.ourDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    cwd: ROOT,
  });
  running.add(server);
  return server;
}

async function startReference(env: Environment): Promise<ServerProcess> {
  const server = await startServer({
    name: 'reference',
    args: ['dist/scripts/bench/reference-server.js'],
    env: {
      NODE_ENV: 'production',
      REFERENCE_DB: env.referenceFile,
      REFERENCE_MEDIA: path.join(env.referenceDir, 'media'),
    },
    cwd: ROOT,
  });
  running.add(server);
  return server;
}

async function stop(server: ServerProcess) {
  await server.stop();
  running.delete(server);
}

async function fixturesFor(server: ServerProcess, env: Environment, authorization: string | null) {
  const deep = await deepCursorsOf(server.url);
  const fixtures: TargetFixtures = {
    ...env.sample,
    etags: await etagsOf(server.url, env.sample.slugs),
    deepCursors: deep.cursors,
    renditionPath: null,
    authorization,
  };
  return { fixtures, deepFirstPage: deep.firstPage };
}

/** A server under load; `more`: further instances of it, sharing the load (--instances). */
type Target = { server: ServerProcess; fixtures: TargetFixtures; more?: ServerProcess[] };

const serversOf = (target: Target) => [target.server, ...(target.more ?? [])];

async function settleAll(target: Target) {
  for (const server of serversOf(target)) await settle(server);
}

function loadOn(target: Target, next: () => Request, options: { connections: number; seconds: number }) {
  const servers = serversOf(target);
  return servers.length === 1
    ? runLoad(target.server.url, next, options)
    : runSpreadLoad(
        servers.map((server) => server.url),
        next,
        options,
      );
}

async function warmUp(workload: Workload, target: Target, env: Environment, options: Options) {
  if (options.warmup <= 0) return;
  const next = workload.requests(target.fixtures, env.data);
  await settleAll(target);
  await loadOn(target, next, { connections: options.connections, seconds: options.warmup });
}

/**
 * Each server's measurement is split into rounds, alternated (ours, reference, ours, reference…), so a change in
 * the machine's background load during the run hits both servers alike and their ratio stays meaningful.
 */
async function measure(workload: Workload, targets: Target[], env: Environment, options: Options) {
  const runs = targets.map(() => [] as RawLoad[]);
  const seconds = options.duration / options.rounds;
  const requests = targets.map((target) => workload.requests(target.fixtures, env.data));
  for (const target of targets) await warmUp(workload, target, env, options);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      await settleAll(target);
      const cpu = () => serversOf(target).reduce((sum, server) => sum + server.cpuMs(), 0);
      const cpuBefore = cpu();
      const run = await loadOn(target, requests[i]!, { connections: options.connections, seconds });
      runs[i]!.push({ ...run, serverCpuMs: cpu() - cpuBefore });
    }
  }
  for (const target of targets) await settleAll(target);
  return runs.map((raw) => summarize(raw, workload.expect));
}

async function runWorkloads(
  workloads: Workload[],
  targets: { ours: Target; postgres?: Target | null; reference: Target | null },
  env: Environment,
  options: Options,
): Promise<WorkloadResult[]> {
  const results: WorkloadResult[] = [];
  for (const workload of workloads) {
    const skipped = workload.unavailable?.(targets.ours.fixtures) ?? null;
    if (skipped) {
      log(`${workload.name}: ${skipped}`);
      results.push({
        name: workload.name,
        kind: workload.kind,
        ours: null,
        reference: null,
        ratio: null,
        note: skipped,
      });
      continue;
    }
    const withReference = targets.reference !== null && workload.oursOnly === undefined;
    const measured = [targets.ours, ...(targets.postgres ? [targets.postgres] : [])];
    if (withReference && targets.reference) measured.push(targets.reference);
    const answers = await measure(workload, measured, env, options);
    const ours = answers[0] as LoadResult;
    const postgres = targets.postgres ? (answers[1] as LoadResult) : null;
    const reference = withReference ? (answers[answers.length - 1] as LoadResult) : null;
    const ratio = reference ? ours.requestsPerSecond / reference.requestsPerSecond : null;
    log(
      `${workload.name.padEnd(16)} ours ${ours.requestsPerSecond.toFixed(0).padStart(6)} req/s p50 ${ours.p50.toFixed(2)} ms` +
        (reference
          ? `   ref ${reference.requestsPerSecond.toFixed(0).padStart(6)} req/s p50 ${reference.p50.toFixed(2)} ms   ratio ${ratio?.toFixed(2)}`
          : '') +
        (postgres
          ? `   postgres ${postgres.requestsPerSecond.toFixed(0).padStart(6)} req/s p50 ${postgres.p50.toFixed(2)} ms`
          : '') +
        (ours.unexpected ? `   UNEXPECTED ${JSON.stringify(ours.statuses)}` : '') +
        (postgres?.unexpected ? `   UNEXPECTED (postgres) ${JSON.stringify(postgres.statuses)}` : ''),
    );
    const serverLog = ours.unexpected
      ? targets.ours.server
          .output()
          .split('\n')
          .slice(-8)
          .map((line) => line.slice(0, 400))
          .join('\n')
      : undefined;
    results.push({
      name: workload.name,
      kind: workload.kind,
      ours,
      reference,
      ratio,
      ...(postgres ? { postgres } : {}),
      serverLog,
      note: workload.oursOnly,
    });
  }
  return results;
}

const COLD_STARTS = 3;

/** Starts a server COLD_STARTS times (stopping all but the last) and reports the median time to a first answer. */
async function startTimed(start: () => Promise<ServerProcess>): Promise<ServerProcess> {
  const times: number[] = [];
  for (let i = 1; i < COLD_STARTS; i++) {
    const server = await start();
    times.push(server.coldStartMs);
    await stop(server);
  }
  const server = await start();
  times.push(server.coldStartMs);
  times.sort((a, b) => a - b);
  server.coldStartMs = times[Math.floor(times.length / 2)] as number;
  return server;
}

/** Starts both servers on a prepared environment, runs the workloads, measures memory, stops both. */
async function session(env: Environment, workloads: Workload[], options: Options, postgresUrl?: string) {
  const ours = await startTimed(() => startOurs(env, options));
  const reference = options.reference ? await startTimed(() => startReference(env)) : null;
  const postgres: ServerProcess[] = [];
  try {
    if (postgresUrl) {
      for (let i = 0; i < options.instances; i++) postgres.push(await startOurs(env, options, [], postgresUrl));
      log(
        `Our server on PostgreSQL: ${postgres.length} instance(s), cold start ${postgres[0]!.coldStartMs.toFixed(0)} ms`,
      );
    }
    log(
      `Cold start (median of ${COLD_STARTS}): ours ${ours.coldStartMs.toFixed(0)} ms` +
        `${reference ? `, reference ${reference.coldStartMs.toFixed(0)} ms` : ''}`,
    );
    const authorization = `Bearer ${env.token}`;
    const oursTarget = await fixturesFor(ours, env, authorization);
    // The same ETags and cursors on both engines (a transfer keeps them), read from PostgreSQL's own server.
    const postgresTarget = postgres[0] ? await fixturesFor(postgres[0], env, authorization) : null;
    const referenceTarget = reference ? await fixturesFor(reference, env, null) : null;
    const notes: Record<string, string> = {};
    if (oursTarget.deepFirstPage !== 50) {
      notes['deep-page'] = `the list has fewer than 50 pages: pages ${oursTarget.deepFirstPage}+ instead`;
    }
    if (workloads.some((w) => w.name === 'rendition')) {
      const rendition = await prepareRendition(ours.url, authorization, path.join(env.referenceDir, 'media'));
      if ('note' in rendition) notes.rendition = `skipped: ${rendition.note}`;
      else {
        oursTarget.fixtures.renditionPath = rendition.ours;
        if (referenceTarget) referenceTarget.fixtures.renditionPath = rendition.reference;
      }
    }
    const results = await runWorkloads(
      workloads,
      {
        ours: { server: ours, fixtures: oursTarget.fixtures },
        postgres:
          postgres[0] && postgresTarget
            ? { server: postgres[0], more: postgres.slice(1), fixtures: postgresTarget.fixtures }
            : null,
        reference: reference && referenceTarget ? { server: reference, fixtures: referenceTarget.fixtures } : null,
      },
      env,
      options,
    );
    for (const result of results) if (notes[result.name]) result.note = result.note ?? notes[result.name];
    return {
      results,
      coldStartMs: { ours: ours.coldStartMs, reference: reference?.coldStartMs ?? null },
      memory: { ours: ours.memory(), reference: reference?.memory() ?? null },
    };
  } finally {
    await stop(ours);
    if (reference) await stop(reference);
    for (const server of postgres) await stop(server);
  }
}

function save(name: string, report: unknown): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

function selected(options: Options, kinds: Array<'read' | 'write'>) {
  return WORKLOADS.filter((w) => kinds.includes(w.kind) && (!options.only || options.only.includes(w.name)));
}

async function defaultRun(options: Options) {
  const startedAt = new Date().toISOString();
  const env = await prepare(options.articles, options);
  const receiver = options.webhook ? await startWebhookReceiver(env.ourDir) : null;
  if (receiver) options.serverEnv.WEBHOOK_ALLOW_PRIVATE = 'true';
  let postgres: BenchPostgres | null = null;
  try {
    if (options.db === 'postgres') {
      log('Copying the database into PostgreSQL (npm run transfer)…');
      postgres = await copyToPostgres(env.ourDir);
      log(`  ${postgres.seconds.toFixed(1)} s`);
    }
    const outcome = await session(env, selected(options, ['read', 'write']), options, postgres?.url);
    if (receiver) process.stdout.write(`\n${await receiver.report()}\n`);
    const report = {
      kind: 'default',
      startedAt,
      machine: machine(),
      options,
      articles: options.articles,
      seed: env.seed,
      referenceBuildSeconds: env.referenceSeconds,
      databaseBytes: env.databaseBytes,
      plannerStatistics: env.plannerStatistics,
      coldStartMs: outcome.coldStartMs,
      memory: outcome.memory,
      workloads: outcome.results,
    };
    const file = save('bench', report);
    const onPostgres = postgresTable(outcome.results);
    process.stdout.write(
      `\n${workloadTable(outcome.results)}\n\n` +
        (onPostgres
          ? `On PostgreSQL (${options.instances} instance${options.instances === 1 ? '' : 's'}, copied in ${postgres?.seconds.toFixed(1)} s):\n\n${onPostgres}\n\n`
          : '') +
        `Seeding via ${env.seed.via}: ${env.seed.writeSeconds.toFixed(1)} s writing (${env.seed.articlesPerSecond.toFixed(0)} articles/s, ` +
        `${env.seed.articlesPerCpuSecond.toFixed(0)} per CPU second; ` +
        `${env.seed.seconds.toFixed(1)} s with generating the content). ` +
        `Database: ${mb(env.databaseBytes)}. Cold start: ours ${outcome.coldStartMs.ours.toFixed(0)} ms` +
        `${outcome.coldStartMs.reference === null ? '' : `, reference ${outcome.coldStartMs.reference.toFixed(0)} ms`}. ` +
        `Server memory after the run: RSS ${mb(outcome.memory.ours.rss)} (peak ${mb(outcome.memory.ours.peak)}, ` +
        `anonymous ${mb(outcome.memory.ours.anon)})` +
        `${outcome.memory.reference ? `; reference RSS ${mb(outcome.memory.reference.rss)}` : ''}.\n` +
        `Results: ${path.relative(ROOT, file)}\n`,
    );
  } finally {
    await receiver?.close();
    await postgres?.drop();
    env.cleanup();
  }
}

/**
 * --webhook: a receiver on 127.0.0.1 answering 204, and one enabled webhook subscribed to every event, written into
 * the benchmark's database before the server starts.
 */
async function startWebhookReceiver(dataDir: string) {
  let count = 0;
  let first = 0;
  let last = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const now = performance.now();
      if (count === 0) first = now;
      last = now;
      count += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const db = openDatabase({ dataDir });
  try {
    await createSqliteWebhooksStore(db).create({
      url: `http://127.0.0.1:${port}/hook`,
      events: ['*'],
      description: null,
      enabled: true,
      secret: newSecret(),
    });
  } finally {
    closeDatabase(db);
  }
  log(`Webhook: every event to http://127.0.0.1:${port}/hook`);
  return {
    async report(): Promise<string> {
      const check = openDatabase({ dataDir });
      try {
        const rows = check.$client
          .prepare('SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status')
          .all() as Array<{ status: string; n: number }>;
        const seconds = (last - first) / 1000;
        return (
          `Webhook deliveries received: ${count} (${seconds > 0 ? (count / seconds).toFixed(0) : '-'} per second from the first to the last); ` +
          `deliveries in the database: ${rows.map((r) => `${r.status} ${r.n}`).join(', ') || 'none'}.`
        );
      } finally {
        closeDatabase(check);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function scaleRun(options: Options) {
  const startedAt = new Date().toISOString();
  const points: ScalePoint[] = [];
  const workloads = selected(options, ['read']);
  for (const size of options.scaleSizes) {
    log(`\n=== ${size.toLocaleString('en')} articles ===`);
    const env = await prepare(size, options);
    try {
      const outcome = await session(env, workloads, options);
      points.push({
        articles: size,
        seed: env.seed,
        databaseBytes: env.databaseBytes,
        coldStartMs: outcome.coldStartMs,
        memory: outcome.memory.ours,
        workloads: outcome.results,
      });
    } finally {
      env.cleanup();
    }
  }
  const file = save('scale', { kind: 'scale', startedAt, machine: machine(), options, points });
  process.stdout.write(`\n${growthTable(points)}\n\nResults: ${path.relative(ROOT, file)}\n`);
}

async function profileRun(options: Options) {
  const workload = WORKLOADS.find((w) => w.name === options.profile) as Workload;
  const env = await prepare(options.articles, { ...options, reference: false });
  const dir = path.join(RESULTS, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  try {
    const server = await startOurs(env, options, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    let result: LoadResult;
    try {
      const { fixtures } = await fixturesFor(server, env, `Bearer ${env.token}`);
      if (workload.name === 'rendition') {
        const rendition = await prepareRendition(
          server.url,
          `Bearer ${env.token}`,
          path.join(env.referenceDir, 'media'),
        );
        if ('note' in rendition) throw new Error(`cannot profile rendition: ${rendition.note}`);
        fixtures.renditionPath = rendition.ours;
      }
      [result] = (await measure(workload, [{ server, fixtures }], env, options)) as [LoadResult];
    } finally {
      // The profile is written when the process exits after SIGTERM.
      await stop(server);
    }
    const profile = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!profile) throw new Error(`no .cpuprofile was written in ${dir}`);
    const summary = summarizeProfile(path.join(dir, profile), ROOT, 30);
    save(`profile-${workload.name}`, { kind: 'profile', workload: workload.name, machine: machine(), result, summary });
    process.stdout.write(
      `\n${workload.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms (under --cpu-prof)\n\n` +
        `${formatProfile(summary)}\n\nProfile: ${path.relative(ROOT, path.join(dir, profile))} (open in Chrome DevTools)\n`,
    );
  } finally {
    env.cleanup();
  }
}

async function main() {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // Ctrl-C: stop the servers this run started (by PID), then leave; temporary folders go with `finally` blocks.
  const interrupted = () => {
    log('Interrupted: stopping the servers');
    Promise.all([...running].map((server) => server.stop(2_000))).finally(() => {
      for (const cleanup of [...pendingCleanups]) cleanup();
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  if (options.report) {
    const saved = JSON.parse(fs.readFileSync(options.report, 'utf8'));
    process.stdout.write(
      `${saved.kind === 'scale' ? growthTable(saved.points) : workloadTable(saved.workloads ?? [])}\n` +
        (saved.kind === 'scale' ? '' : `${postgresTable(saved.workloads ?? []) ?? ''}\n`),
    );
    return;
  }
  if (options.build) build();
  if (options.profile) await profileRun(options);
  else if (options.scale) await scaleRun(options);
  else await defaultRun(options);
}

await main();
