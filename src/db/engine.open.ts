import type { Config } from '../config.js';
import { type Db, openDatabase } from './client.js';
import type { Engine } from './engine.js';
import { openPgEngine, type PgEngineOptions } from './engine.pg.js';
import { createSqliteEngine } from './engine.sqlite.js';

/**
 * The engine the settings choose, for the server and the command-line tools alike: PostgreSQL when DATABASE_URL
 * is set (migrated at start; a DatabaseUrlError, naming DATABASE_URL without its password, when it cannot be
 * reached or migrated), else SQLite under DATA_DIR (migrated at open), or the SQLite database given.
 */
export async function openEngine(
  config: Config,
  options: { db?: Db; onIdleError?: (error: Error) => void; max?: number; log?: PgEngineOptions['log'] } = {},
): Promise<Engine> {
  if (!options.db && config.databaseUrl) {
    return openPgEngine(config.databaseUrl, {
      cacheTotals: config.renderCache,
      onIdleError: options.onIdleError,
      log: options.log,
      max: options.max,
    });
  }
  return createSqliteEngine(options.db ?? openDatabase({ dataDir: config.dataDir }), {
    cacheTotals: config.renderCache,
    log: options.log,
  });
}
