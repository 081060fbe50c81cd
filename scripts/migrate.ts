import { applyMigrations, closeDatabase, type Db, openDatabase } from '../src/db/client.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE } from './lib/cli.js';

// `npm run migrate`: applies pending migrations to the database under DATA_DIR. The server does the same at
// start; this is for deploys that migrate before starting the new version, and for checking a database.

function appliedCount(db: Db): number {
  const table = db.$client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return 0;
  return (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

if (process.argv.length > 2) {
  process.stderr.write('Usage: npm run migrate   (applies pending migrations to the database under DATA_DIR)\n');
  process.exit(EXIT_USAGE);
}

const config = configOrExit();
const db = openDatabase({ dataDir: config.dataDir, migrate: false });
try {
  const before = appliedCount(db);
  applyMigrations(db.$client);
  const after = appliedCount(db);
  process.stdout.write(
    after === before
      ? `The database in ${config.dataDir} is up to date (${after} migrations applied).\n`
      : `Applied ${after - before} migration(s) to the database in ${config.dataDir} (${after} in all).\n`,
  );
} catch (error) {
  process.stderr.write(`Migration failed, nothing was changed: ${(error as Error).message}\n`);
  process.exitCode = EXIT_FAILURE;
} finally {
  closeDatabase(db);
}
