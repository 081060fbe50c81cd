import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { dataset, type SeedArticle, type SeedImage, type SeedQuote } from './bench/data-generator.js';
import { EXIT_USAGE, parseOrExitCode } from './lib/cli.js';

// `npm run bundle:generate -- <out.json | -> [--articles N] [--seed S] [--now ISO]`: a larger sample bundle,
// made from the benchmark's deterministic dataset. The same arguments give the same bytes on every run and
// machine (times are counted back from --now, fixed by default), so a generated bundle can be committed,
// compared, and loaded twice to check idempotence.

const USAGE = `Usage: npm run bundle:generate -- <out.json | -> [--articles N] [--seed S] [--now <ISO time>]

  --articles  how many articles (default 1000); about one image per 4 articles and one quote per 3
  --seed      the random seed (default 20241227): another seed gives other content
  --now       the time the content is generated "at" (default 2025-01-01T00:00:00.000Z); a few articles are
              scheduled after it`;

const DEFAULT_NOW = '2025-01-01T00:00:00.000Z';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function imageItem({ createdAt: _createdAt, ...image }: SeedImage) {
  return image;
}

function quoteItem({ createdAt: _createdAt, saidAt, ...quote }: SeedQuote) {
  return { ...quote, saidAt: iso(saidAt) };
}

function articleItem({ createdAt: _createdAt, publishedAt, ...article }: SeedArticle) {
  const { leadImage, body, ...fields } = article;
  return { ...fields, publishedAt: iso(publishedAt), leadImage, body };
}

/** One item per line: compact, yet a diff of two generated bundles stays readable. */
function* bundleLines(data: ReturnType<typeof dataset>): Generator<string> {
  const section = function* (name: string, count: number, item: (i: number) => object, last: boolean) {
    yield `"${name}": [\n`;
    for (let i = 0; i < count; i++) yield `${JSON.stringify(item(i))}${i < count - 1 ? ',' : ''}\n`;
    yield `]${last ? '' : ','}\n`;
  };
  yield '{\n';
  yield* section('images', data.size.images, (i) => imageItem(data.image(i)), false);
  yield* section('quotes', data.size.quotes, (i) => quoteItem(data.quote(i)), false);
  yield* section('articles', data.size.articles, (i) => articleItem(data.article(i)), true);
  yield '}\n';
}

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '20241227' },
      now: { type: 'string', default: DEFAULT_NOW },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });

async function main(argv: string[]): Promise<number> {
  const parsed = parseOrExitCode(() => parseOptions(argv), USAGE);
  if (typeof parsed === 'number') return parsed;
  const articles = Number(parsed.values.articles);
  const seed = Number(parsed.values.seed);
  const now = Date.parse(parsed.values.now);
  const problems: string[] = [];
  if (!Number.isInteger(articles) || articles < 1 || articles > 1_000_000) {
    problems.push('--articles must be a whole number from 1 to 1000000');
  }
  if (!Number.isInteger(seed)) problems.push('--seed must be a whole number');
  if (Number.isNaN(now)) problems.push('--now must be an ISO 8601 time such as 2025-01-01T00:00:00Z');
  if (parsed.positionals.length !== 1) problems.push('Give exactly one output file (or -).');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }

  const data = dataset({ articles, seed, now });
  const target = parsed.positionals[0]!;
  const out = target === '-' ? process.stdout : fs.createWriteStream(path.resolve(target));
  await pipeline(Readable.from(bundleLines(data)), out);
  if (target !== '-') {
    process.stderr.write(
      `Wrote ${data.size.articles} articles, ${data.size.images} images and ${data.size.quotes} quotes to ${path.resolve(target)}.\n`,
    );
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
