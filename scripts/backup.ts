import { parseArgs } from 'node:util';
import { backupDatabase, copyMedia } from '../src/backup/backup.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE } from './lib/cli.js';

// `npm run backup -- <file> [--media <dir>]`: an online copy of the database under DATA_DIR, safe to take while
// the server runs and writes; with --media, the uploaded pictures it refers to as well (incremental).

const USAGE = `Usage: npm run backup -- <file> [--media <dir>]

  <file>          where to write the copy of the database (replaced if it exists)
  --media <dir>   also copy the uploaded pictures the copy refers to into <dir> (only those not there yet)

The database is the one under DATA_DIR (default ./data); the server may keep running.`;

function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { media: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) return 'help' as const;
    if (positionals.length !== 1 || !positionals[0]) throw new Error('Give exactly one file to write the backup to.');
    return { target: positionals[0], media: values.media };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

const args = parse(process.argv.slice(2));
if (args === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const config = configOrExit();
if (config.databaseUrl) {
  // A consistent copy of a PostgreSQL database is the server's own tool's job, and media in a bucket the bucket's.
  process.stderr.write(
    'npm run backup copies the SQLite database under DATA_DIR; DATABASE_URL is set, so the content is in ' +
      'PostgreSQL: back it up with pg_dump (for example `pg_dump --format=custom "$DATABASE_URL" > cms.dump`).\n',
  );
  process.exit(EXIT_FAILURE);
}

try {
  const started = Date.now();
  const result = await backupDatabase(config.dataDir, args.target);
  const { articles, images, quotes } = result.counts;
  process.stdout.write(
    `Backed up ${result.source} to ${result.target} in ${Date.now() - started} ms: ` +
      `${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${articles} articles, ${images} images, ${quotes} quotes; integrity check ok.\n`,
  );
  if (args.media) {
    const media = copyMedia(result.target, config.dataDir, args.media);
    process.stdout.write(`Media: ${media.copied} file(s) copied to ${args.media}, ${media.present} already there.\n`);
    if (media.missing.length > 0) {
      process.stderr.write(
        `Warning: ${media.missing.length} picture(s) were deleted after the database was copied and are not in the backup: ${media.missing.join(', ')}\n`,
      );
    }
  }
} catch (error) {
  process.stderr.write(`Backup failed: ${(error as Error).message}\n`);
  process.exitCode = EXIT_FAILURE;
}
