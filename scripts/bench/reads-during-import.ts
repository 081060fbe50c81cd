import fs from 'node:fs';
import path from 'node:path';
import { makeToken } from './seed.js';
import { startServer } from './servers.js';

// "Reads during import": a bundle of N articles posted to POST /v1/import of a running server (dist/, as `npm
// start` runs it, on 127.0.0.1) while single article reads (GET /v1/articles/:slug of articles loaded before) are
// sent at a steady rate, whether or not the previous ones have been answered (so a blocked event loop shows as
// the latency of every read it held up). Reports the reads' p50/p99/max while the import ran and the import's
// articles per second (wall time of the POST).

export type ReadsDuringImport = {
  articles: number;
  importMs: number;
  articlesPerSecond: number;
  reads: ReadStats;
  /** The same reads in the seconds before the import (the server's latency at this rate on this machine). */
  readsBefore: ReadStats;
};

type ReadStats = { count: number; p50: number; p99: number; max: number; failed: number };

function stats(latencies: number[], failed: number): ReadStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    failed,
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/**
 * `bundleFile`: a generated bundle; its first `preload` articles (with every image and quote) are loaded before the
 * server starts, the rest is the import. `root`: the checkout whose dist/ is started.
 */
export async function readsDuringImport(options: {
  root: string;
  bundleFile: string;
  dataDir: string;
  preload: number;
  /** Reads sent per second. */
  rate: number;
  /** Loads the preload bundle into dataDir (the server is not running yet). */
  seed: (dataDir: string, bundle: Buffer) => Promise<void>;
}): Promise<ReadsDuringImport> {
  const bundle = JSON.parse(fs.readFileSync(options.bundleFile, 'utf8')) as {
    images: unknown[];
    quotes: unknown[];
    articles: Array<{ slug: string; status?: string; publishedAt?: string | null }>;
  };
  const before = bundle.articles.slice(0, options.preload);
  const imported = bundle.articles.slice(options.preload);
  await options.seed(
    options.dataDir,
    Buffer.from(JSON.stringify({ images: bundle.images, quotes: bundle.quotes, articles: before })),
  );
  const body = Buffer.from(JSON.stringify({ articles: imported }));
  const token = await makeToken(options.dataDir);
  const server = await startServer({
    name: 'ours',
    args: ['--enable-source-maps', path.join('dist', 'src', 'server.js')],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: options.dataDir,
      IMPORT_LIMIT: String(body.length * 2),
    },
    cwd: options.root,
  });
  try {
    // Public articles only (a draft or a scheduled one is a 404 without a token).
    const now = new Date().toISOString();
    const slugs = before
      .filter((article) => article.status === 'published' && (article.publishedAt ?? '') <= now)
      .map((article) => article.slug);
    const latencies: number[] = [];
    const latenciesBefore: number[] = [];
    let failed = 0;
    let failedBefore = 0;
    let importing = false;
    let warm = false;
    const inFlight = new Set<Promise<void>>();
    const read = async (slug: string) => {
      const during = importing;
      const before = warm && !importing;
      const started = performance.now();
      let ok = false;
      try {
        const res = await fetch(`${server.url}/v1/articles/${slug}`);
        await res.arrayBuffer();
        ok = res.status === 200;
      } catch {
        ok = false;
      }
      const elapsed = performance.now() - started;
      if (during) {
        latencies.push(elapsed);
        if (!ok) failed++;
      } else if (before) {
        latenciesBefore.push(elapsed);
        if (!ok) failedBefore++;
      }
    };
    let next = 0;
    const timer = setInterval(() => {
      const request = read(slugs[next++ % slugs.length]!);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }, 1000 / options.rate);
    // Reads first: a second to open the connections and warm the server, then two measured without an import.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    warm = true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    importing = true;
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.json()) as { created?: { articles: number } };
    const importMs = performance.now() - started;
    importing = false;
    clearInterval(timer);
    await Promise.all(inFlight);
    if (res.status !== 200 || answer.created?.articles !== imported.length) {
      throw new Error(`import answered ${res.status}: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    return {
      articles: imported.length,
      importMs,
      articlesPerSecond: imported.length / (importMs / 1000),
      reads: stats(latencies, failed),
      readsBefore: stats(latenciesBefore, failedBefore),
    };
  } finally {
    await server.stop();
  }
}
