import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteArticlesStore } from '../src/articles/articles.sqlite.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { unpairedSurrogatePaths } from '../src/http/json-body.js';
import { HttpProblem } from '../src/http/problems.js';
import { createImagesService } from '../src/images/images.service.js';
import { createImagesRepository, createImportUploads, createSqliteImagesStore } from '../src/images/images.sqlite.js';
import type { ImportResult } from '../src/import/import.schemas.js';
import { type BundleFiles, createImporter } from '../src/import/import.service.js';
import { createMediaFiles } from '../src/media/media.open.js';
import { forImport } from '../src/media/media.store.js';
import { createQuotesRepository } from '../src/quotes/quotes.sqlite.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE, parseOrExitCode } from './lib/cli.js';

// `npm run seed -- <bundle.json> [--dry-run]`: loads a fixture bundle into the database under DATA_DIR, through
// the same importer as POST /v1/import (one transaction, all or nothing, idempotent). Pictures named by `file`
// are read relative to the bundle file. Works on a fresh clone: the database is made and migrated if need be.

const USAGE = `Usage: npm run seed -- <bundle.json> [--dry-run]

Loads a fixture bundle ({ images, quotes, articles }) into the database under DATA_DIR (default ./data), all or
nothing. Loading the same bundle again changes nothing. --dry-run checks it and prints what would change.`;

function summary(result: ImportResult): string {
  const line = (counts: ImportResult['created']) =>
    `${counts.articles} article${counts.articles === 1 ? '' : 's'}, ${counts.images} image${counts.images === 1 ? '' : 's'}, ${counts.quotes} quote${counts.quotes === 1 ? '' : 's'}`;
  return `  created:   ${line(result.created)}\n  updated:   ${line(result.updated)}\n  unchanged: ${line(result.unchanged)}`;
}

/** Pictures named by `file`, relative to the bundle's folder (the schema keeps them inside it). */
function filesBeside(bundleFile: string): BundleFiles {
  const folder = path.dirname(bundleFile);
  return {
    open(name) {
      const file = path.join(folder, name);
      return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? { path: file } : undefined;
    },
    where: `in ${folder}`,
  };
}

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });

async function main(argv: string[]): Promise<number> {
  const parsed = parseOrExitCode(() => parseOptions(argv), USAGE);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`Give exactly one bundle file.\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const bundleFile = path.resolve(parsed.positionals[0]!);
  const dryRun = parsed.values['dry-run'] ?? false;

  let raw: unknown;
  try {
    // Strict UTF-8 and no lone surrogates, as for JSON bodies: text is stored exactly as written, or refused.
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await fs.promises.readFile(bundleFile)));
    const surrogates = unpairedSurrogatePaths(raw);
    if (surrogates.length > 0) throw new Error(`text that is not valid Unicode at ${surrogates.join(', ')}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'ERR_ENCODING_INVALID_ENCODED_DATA'
          ? 'not UTF-8'
          : (error as Error).message;
    process.stderr.write(`Cannot read ${bundleFile}: ${reason}\n`);
    return EXIT_FAILURE;
  }

  const config = configOrExit();
  const started = performance.now();
  const db = openDatabase({ dataDir: config.dataDir });
  // The store the server uses: a seed's pictures go to the bucket when S3_BUCKET is set.
  const media = createMediaFiles(config);
  try {
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createSqliteArticlesStore(db, { images, quotes });
    const imagesService = createImagesService({
      images: createSqliteImagesStore(db, images),
      media,
      uploadLimit: config.uploadLimit,
    });
    const importer = createImporter({
      sqlite: db.$client,
      images,
      imagesService: { ...imagesService, ...createImportUploads(images) },
      media: forImport(media),
      quotes,
      articles,
    });
    const result = await importer.load(raw, filesBeside(bundleFile), { dryRun });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(
      `${dryRun ? 'Checked (dry run, nothing written)' : 'Loaded'} ${path.basename(bundleFile)} into ${config.dataDir} in ${seconds} s:\n${summary(result)}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    process.stderr.write(`${error.detail}\n`);
    for (const item of error.extras.errors ?? []) process.stderr.write(`  ${item.path}: ${item.message}\n`);
    return EXIT_FAILURE;
  } finally {
    await media.close();
    closeDatabase(db);
  }
}

process.exitCode = await main(process.argv.slice(2));
