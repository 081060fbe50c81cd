import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redactDatabaseUrl } from '../src/db/database-url.js';
import { HttpProblem } from '../src/http/problems.js';
import { createImagesService } from '../src/images/images.service.js';
import type { ImportResult } from '../src/import/import.schemas.js';
import { type BundleFiles, BundleTextError, type ImportStore } from '../src/import/import.store.js';
import { createMediaFiles } from '../src/media/media.open.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE, openEngineOrReport, parseOrExitCode } from './lib/cli.js';

// `npm run seed -- <bundle.json> [--dry-run]`: loads a fixture bundle into the database (under DATA_DIR, or at DATABASE_URL), through
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

/**
 * Loads the bundle's text: parsed and checked in the import worker (strict UTF-8, no lone surrogates, as for JSON
 * bodies: text is stored exactly as written, or refused). A `__proto__` or `constructor` key, which the worker
 * leaves to its caller, is plain JSON here, as it always was for a bundle file.
 */
async function load(store: ImportStore, text: Buffer, files: BundleFiles, dryRun: boolean): Promise<ImportResult> {
  try {
    return await store.load({ json: text }, files, { dryRun });
  } catch (error) {
    if (!(error instanceof BundleTextError) || error.reason !== 'suspect' || !error.text) throw error;
    return store.load({ value: JSON.parse(Buffer.from(error.text).toString('utf8')) }, files, { dryRun });
  }
}

function textReason(error: BundleTextError): string {
  if (error.reason === 'utf8') return 'not UTF-8';
  if (error.reason === 'surrogates') return `text that is not valid Unicode at ${error.paths.join(', ')}`;
  return error.message;
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

  let text: Buffer;
  try {
    text = await fs.promises.readFile(bundleFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `Cannot read ${bundleFile}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`,
    );
    return EXIT_FAILURE;
  }

  const config = configOrExit();
  const started = performance.now();
  const engine = await openEngineOrReport(config, (message) => process.stderr.write(message), 2);
  if (!engine) return EXIT_FAILURE;
  const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : config.dataDir;
  // The store the server uses: a seed's pictures go to the bucket when S3_BUCKET is set.
  const media = createMediaFiles(config);
  const imagesService = createImagesService({ images: engine.images, media, uploadLimit: config.uploadLimit });
  const store = engine.importer({ uploadLimit: config.uploadLimit, imagesService });
  try {
    const result = await load(store, text, filesBeside(bundleFile), dryRun);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(
      `${dryRun ? 'Checked (dry run, nothing written)' : 'Loaded'} ${path.basename(bundleFile)} into ${where} in ${seconds} s:\n${summary(result)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BundleTextError) {
      process.stderr.write(`Cannot read ${bundleFile}: ${textReason(error)}\n`);
      return EXIT_FAILURE;
    }
    if (!(error instanceof HttpProblem)) throw error;
    process.stderr.write(`${error.detail}\n`);
    for (const item of error.extras.errors ?? []) process.stderr.write(`  ${item.path}: ${item.message}\n`);
    return EXIT_FAILURE;
  } finally {
    await store.close();
    await media.close();
    await engine.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
