import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { redactDatabaseUrl } from '../src/db/database-url.js';
import type { Engine } from '../src/db/engine.js';
import { issuesToFieldErrors } from '../src/http/errors.js';
import { MEDIA_FOLDER } from '../src/import/export.service.js';
import { type ExportQuery, exportQuery } from '../src/import/import.schemas.js';
import { createMediaFiles } from '../src/media/media.open.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE, openEngineOrReport, parseOrExitCode } from './lib/cli.js';

// `npm run export -- <file|-> [--section s] [--tag t] [--since time]`: the content (under DATA_DIR, or at
// DATABASE_URL) as a fixture bundle, streamed from a snapshot (the same code as GET /v1/export). Uploaded pictures are copied into a media/
// folder beside the file, where the bundle's `file` values point, so `npm run seed -- <file>` loads it whole.

const USAGE = `Usage: npm run export -- <bundle.json | -> [--section <name>] [--tag <tag>] [--since <ISO time>]

Writes the content of the database under DATA_DIR (default ./data), or at DATABASE_URL, as a fixture bundle: everything, or the
articles matching the filters with the images and quotes they use. Uploaded pictures are copied to ${MEDIA_FOLDER}/
beside the bundle file. "-" writes the bundle to standard output (pictures are then not copied).`;

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      section: { type: 'string' },
      tag: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });

async function main(argv: string[]): Promise<number> {
  const parsed = parseOrExitCode(() => parseOptions(argv), USAGE);
  if (typeof parsed === 'number') return parsed;
  const { help: _help, ...filters } = parsed.values;
  const query = exportQuery.safeParse(filters);
  if (parsed.positionals.length !== 1 || !query.success) {
    const problems = query.success ? ['Give exactly one output file (or -).'] : [];
    for (const error of query.error ? issuesToFieldErrors(query.error.issues) : []) {
      problems.push(`--${error.path}: ${error.message}`);
    }
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }

  const config = configOrExit();
  // A fresh data folder gets its (empty, migrated) database rather than an error.
  const engine = await openEngineOrReport(config, (message) => process.stderr.write(message), 2);
  if (!engine) return EXIT_FAILURE;
  try {
    return await exportTo(engine, parsed.positionals[0]!, query.data, config);
  } finally {
    await engine.close();
  }
}

async function exportTo(
  engine: Engine,
  target: string,
  query: ExportQuery,
  config: ReturnType<typeof configOrExit>,
): Promise<number> {
  const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : config.dataDir;
  const files = new Set<string>();
  const started = performance.now();
  const bundle = () => engine.exporter.export(query, { onFile: (name) => files.add(name) });

  if (target === '-') {
    try {
      await pipeline(await bundle(), process.stdout);
    } catch (error) {
      // The reader went away (`npm run export -- - | head`): not a failure of the export.
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
      throw error;
    }
    if (files.size > 0) {
      process.stderr.write(
        `Note: ${files.size} uploaded picture(s) are named in the bundle but not copied (stdout).\n`,
      );
    }
    return 0;
  }

  const out = path.resolve(target);
  const temp = `${out}.${process.pid}.tmp`;
  try {
    await pipeline(await bundle(), fs.createWriteStream(temp));
    fs.renameSync(temp, out);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  if (files.size > 0) {
    const folder = path.join(path.dirname(out), MEDIA_FOLDER);
    fs.mkdirSync(folder, { recursive: true });
    // Uploads live where the server keeps them: DATA_DIR/media, or the bucket (S3_BUCKET).
    const media = createMediaFiles(config);
    try {
      for (const name of files) {
        const destination = path.join(folder, name);
        // Files are named by content hash: one already there is the same picture.
        if (fs.existsSync(destination)) continue;
        const copy = await media.localCopy(name);
        if (copy === null) {
          process.stderr.write(`Note: the picture ${name} is named in the bundle but not stored.\n`);
          continue;
        }
        try {
          fs.copyFileSync(copy.path, destination);
        } finally {
          await copy.release();
        }
      }
    } finally {
      await media.close();
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const pictures = files.size > 0 ? `, ${files.size} picture(s) in ${path.join(path.dirname(out), MEDIA_FOLDER)}` : '';
  process.stderr.write(`Exported ${where} to ${out} in ${seconds} s${pictures}.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Export failed: ${(error as Error).message}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
