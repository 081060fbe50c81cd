import { applyMigrations, closeDatabase, type Db, openDatabase } from '../src/db/client.js';
import { redactDatabaseUrl, withoutPassword } from '../src/db/database-url.js';
import { appliedPgMigrations, applyPgMigrations, openPostgres } from '../src/db/pg-client.js';
import { configOrExit, EXIT_FAILURE, EXIT_USAGE } from './lib/cli.js';

// `npm run migrate`: applies pending migrations to the database the server would use (the PostgreSQL database of
// DATABASE_URL when it is set, otherwise SQLite under DATA_DIR). The server does the same at start; this is for
// deploys that migrate before starting the new version, and for checking a database.

function appliedCount(db: Db): number {
  const table = db.$client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return 0;
  return (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

function report(before: number, after: number, where: string): string {
  return after === before
    ? `The database ${where} is up to date (${after} migrations applied).\n`
    : `Applied ${after - before} migration(s) to the database ${where} (${after} in all).\n`;
}

async function migratePostgres(url: string): Promise<void> {
  const where = `at ${redactDatabaseUrl(url)}`;
  let db: Awaited<ReturnType<typeof openPostgres>>;
  try {
    db = await openPostgres(url, { migrate: false });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  try {
    const before = await appliedPgMigrations(db.pool);
    await applyPgMigrations(db.pool);
    process.stdout.write(report(before, await appliedPgMigrations(db.pool), where));
  } catch (error) {
    // DrizzleQueryError's message is the whole query; the driver's error (its cause) says what went wrong.
    const cause = (error as { cause?: unknown }).cause;
    const message = cause instanceof Error ? cause.message : (error as Error).message;
    process.stderr.write(`Migration failed, nothing was changed: ${withoutPassword(message, url)}\n`);
    process.exitCode = EXIT_FAILURE;
  } finally {
    await db.close();
  }
}

if (process.argv.length > 2) {
  process.stderr.write(
    'Usage: npm run migrate   (applies pending migrations to the database under DATA_DIR, or to DATABASE_URL)\n',
  );
  process.exit(EXIT_USAGE);
}

// migrate is the one command that works with DATABASE_URL today: it makes PostgreSQL's tables.
const config = configOrExit(process.env);
if (config.databaseUrl !== null) {
  await migratePostgres(config.databaseUrl);
  process.exit();
}
const db = openDatabase({ dataDir: config.dataDir, migrate: false });
try {
  const before = appliedCount(db);
  applyMigrations(db.$client);
  const after = appliedCount(db);
  process.stdout.write(report(before, after, `in ${config.dataDir}`));
} catch (error) {
  process.stderr.write(`Migration failed, nothing was changed: ${(error as Error).message}\n`);
  process.exitCode = EXIT_FAILURE;
} finally {
  closeDatabase(db);
}
