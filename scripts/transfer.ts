import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { isPostgresUrl, redactDatabaseUrl, withoutPassword } from '../src/db/database-url.js';
import { openPostgres, type PgDb } from '../src/db/pg-client.js';
import { storedFileNames, TransferRefused, targetContents, transferToPostgres } from '../src/db/transfer.js';
import { createLocalMediaFiles } from '../src/media/media.local.js';
import { createMediaFiles } from '../src/media/media.open.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE, parseOrExitCode } from './lib/cli.js';

// `npm run transfer -- --to <postgres URL>`: moves a newsroom from SQLite to PostgreSQL. Everything in the SQLite
// database under DATA_DIR is copied, in one transaction, into a PostgreSQL database that holds no content
// (migrated first if need be); see src/db/transfer.ts. Uploaded pictures go to the bucket when S3_BUCKET is set.
// The URL's password is never printed.

const USAGE = `Usage: npm run transfer -- --to <postgres://user:password@host:port/database>

Copies everything in the SQLite database under DATA_DIR (default ./data) into the PostgreSQL database --to, which
must hold no content (it is migrated first), in one transaction: ids, slugs, times, ETags, revisions, preview
links, tokens, webhooks and their deliveries. With S3_BUCKET set, uploaded pictures are copied to the bucket;
otherwise they stay under DATA_DIR/media, where a server with the same DATA_DIR finds them.
Then start the server with DATABASE_URL set to the same URL.`;

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });

/** A failure's message with the URL's password hidden (driver errors may quote the URL). */
function messageOf(error: unknown, url: string): string {
  // DrizzleQueryError's message is the query and its parameters (the content); the driver's error says why.
  const cause = (error as { cause?: unknown }).cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return withoutPassword(message, url);
}

async function copyPictures(names: string[], dataDir: string, config: ReturnType<typeof configOrExit>) {
  const bucket = createMediaFiles(config);
  const local = createLocalMediaFiles({ dir: path.join(dataDir, 'media') });
  let missing = 0;
  try {
    for (const [index, name] of names.entries()) {
      const copy = await local.localCopy(name);
      if (copy === null) {
        missing += 1;
        continue;
      }
      try {
        // Stored under the same name (the content's hash); one already in the bucket is not uploaded again.
        await bucket.put(name, copy.path);
      } finally {
        await copy.release();
      }
      if ((index + 1) % 100 === 0) process.stderr.write(`  pictures: ${index + 1} of ${names.length}\n`);
    }
  } finally {
    await bucket.close();
    await local.close();
  }
  return missing;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseOrExitCode(() => parseOptions(argv), USAGE);
  if (typeof parsed === 'number') return parsed;
  const url = parsed.values.to;
  if (url === undefined || !isPostgresUrl(url)) {
    const given =
      url === undefined ? 'Give the target with --to.' : `--to is not a postgres:// URL: ${redactDatabaseUrl(url)}`;
    process.stderr.write(`${given}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  // The source is SQLite under DATA_DIR whatever DATABASE_URL says: this command is how content gets there.
  const config = configOrExit();
  const where = redactDatabaseUrl(url);
  const started = performance.now();

  let target: PgDb;
  try {
    target = await openPostgres(url, { max: 2 });
  } catch (error) {
    // openPostgres's message names DATABASE_URL; here the URL came from --to.
    process.stderr.write(`${(error as Error).message.replace(/^DATABASE_URL: /, '--to: ')}\n`);
    return EXIT_FAILURE;
  }
  const source = openDatabase({ dataDir: config.dataDir });
  try {
    // Checked before the pictures are copied too (and again inside the copy's transaction).
    const holds = await targetContents(target.orm);
    if (Object.keys(holds).length > 0) throw new TransferRefused(holds);

    const pictures = storedFileNames(source);
    let pictureNote: string;
    if (config.s3 !== null && pictures.length > 0) {
      process.stderr.write(`Copying ${pictures.length} picture(s) to the bucket ${config.s3.bucket}...\n`);
      const missing = await copyPictures(pictures, config.dataDir, config);
      pictureNote =
        `${pictures.length - missing} picture(s) copied to the bucket ${config.s3.bucket}` +
        (missing > 0 ? ` (${missing} named by images but not found under ${config.dataDir}/media)` : '');
    } else {
      pictureNote =
        pictures.length === 0
          ? 'no uploaded pictures'
          : `${pictures.length} uploaded picture(s) stay under ${path.join(config.dataDir, 'media')} (S3_BUCKET is not set): ` +
            'start the server with the same DATA_DIR';
    }

    process.stderr.write(`Copying ${config.dataDir} into ${where}...\n`);
    const copied = await transferToPostgres(source, target, {
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(
      `Transferred ${config.dataDir} to ${where} in ${seconds} s: ${copied.articles ?? 0} article(s), ` +
        `${copied.images ?? 0} image(s), ${copied.quotes ?? 0} quote(s), ${copied.tokens ?? 0} token(s), ` +
        `${copied.webhooks ?? 0} webhook(s); ${pictureNote}.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof TransferRefused) {
      process.stderr.write(`${where}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`Transfer failed, nothing was written to ${where}: ${messageOf(error, url)}\n`);
    return EXIT_FAILURE;
  } finally {
    closeDatabase(source);
    await target.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
