import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteSitemapReader } from '../../src/articles/articles-sitemap.sqlite.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { renderSitemapIndex, renderSitemapPage, SITEMAP_PAGE_SIZE } from '../../src/formats/sitemaps.js';
import { dataset } from './data-generator.js';
import { seedDatabase } from './seed.js';

// The time and peak memory to build the whole sitemap (the index and every page) for a large database, as a
// crawler walking /v1/sitemaps/index.xml and then every page would make the server do with nothing cached.
//   npm run bench:sitemaps                              # seeds 100,000 articles in a temporary DATA_DIR
//   npm run bench:sitemaps -- --articles 1000000 --short-bodies   # one-paragraph bodies: seeds 3x faster
//   npm run bench:sitemaps -- --seeded /tmp/db1m         # a DATA_DIR seeded before (npm run seed / the bench)
// The build runs in a fresh child process, so its peak RSS is the build's own (plus Node and the open database).

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    seeded: { type: 'string' },
    keep: { type: 'boolean', default: false },
    build: { type: 'string' },
    // Articles with one paragraph and no quotes: the sitemaps do not read bodies, and it seeds 3x faster.
    'short-bodies': { type: 'boolean', default: false },
  },
});

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

async function build(dataDir: string) {
  const db = openDatabase({ dataDir });
  try {
    const reader = createSqliteSitemapReader(db);
    const context = {
      settings: {
        siteUrl: 'https://news.example.com',
        articleUrl: '{siteUrl}/{section}/{yyyy}/{mm}/{dd}/{slug}',
        siteName: 'News',
        siteLanguage: 'en',
      },
      apiBase: 'https://api.example.com',
    };
    const baselineRss = process.memoryUsage().rss;
    const now = Date.now();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const index = await renderSitemapIndex(reader, context, now);
    const indexMs = performance.now() - started;
    const pageMs: number[] = [];
    let bytes = index.length;
    let urls = 0;
    for (let page = 1; ; page++) {
      const pageStarted = performance.now();
      const text = await renderSitemapPage(reader, context, page, now);
      if (text === null) break;
      pageMs.push(performance.now() - pageStarted);
      bytes += text.length;
      for (let at = text.indexOf('<url>'); at !== -1; at = text.indexOf('<url>', at + 5)) urls++;
    }
    const totalMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    return {
      urls,
      pages: pageMs.length,
      bytes,
      indexMs,
      totalMs,
      cpuMs,
      slowestPageMs: Math.max(...pageMs),
      medianPageMs: [...pageMs].sort((a, b) => a - b)[Math.floor(pageMs.length / 2)],
      baselineRss,
      // resourceUsage().maxRSS is in kilobytes.
      peakRss: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    closeDatabase(db);
  }
}

async function main() {
  if (values.build) {
    process.stdout.write(`${JSON.stringify(await build(values.build))}\n`);
    return;
  }
  const articles = Number(values.articles);
  const dataDir = values.seeded ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-bench-sitemaps-'));
  try {
    if (!values.seeded) {
      process.stderr.write(`Seeding ${articles.toLocaleString('en')} articles…\n`);
      const seed = await seedDatabase(dataDir, dataset({ articles }), {
        bodies: values['short-bodies'] ? 'short' : 'full',
        onProgress: (done) => process.stderr.write(`  ${done.toLocaleString('en')}\n`),
      });
      process.stderr.write(`  ${seed.seconds.toFixed(0)} s\n`);
    }
    const child = spawnSync(process.execPath, ['--import', 'tsx', process.argv[1] as string, '--build', dataDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`the build failed (exit ${child.status})`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    process.stdout.write(
      `Sitemap of ${result.urls.toLocaleString('en')} public articles: the index and ${result.pages} pages of up to ` +
        `${SITEMAP_PAGE_SIZE.toLocaleString('en')} (${mb(result.bytes)} of XML) built in ${(result.totalMs / 1000).toFixed(1)} s (CPU ${(result.cpuMs / 1000).toFixed(1)} s) ` +
        `(index ${(result.indexMs / 1000).toFixed(1)} s; a page: median ${(result.medianPageMs / 1000).toFixed(2)} s, ` +
        `slowest ${(result.slowestPageMs / 1000).toFixed(2)} s). RSS ${mb(result.baselineRss)} before, peak ${mb(result.peakRss)}.\n`,
    );
  } finally {
    if (!values.seeded && !values.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (!values.seeded) process.stderr.write(`Kept ${dataDir}\n`);
  }
}

await main();
