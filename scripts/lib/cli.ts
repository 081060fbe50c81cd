import { type Config, ConfigError, loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/db/engine.js';
import { openEngine } from '../../src/db/engine.open.js';
import { DatabaseUrlError } from '../../src/db/pg-client.js';

// Shared by the command-line scripts: they read the same environment as the server, so they work on the same
// database under DATA_DIR, and they fail the same way on a bad setting.

/** Exit codes: 1 when the command failed, 2 when it was called wrongly (the convention of most Unix tools). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** The server's configuration, or a message naming each bad variable on stderr and exit 1. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_FAILURE);
    }
    throw error;
  }
}

/**
 * Runs a script's option parser: a bad option is printed with the usage (the exit code 2 is returned), `--help`
 * prints the usage (0 is returned); otherwise the parsed options.
 */
export function parseOrExitCode<T extends { values: { help?: boolean | undefined } }>(
  parse: () => T,
  usage: string,
): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/**
 * The engine the settings choose (src/db/engine.open.ts), or null once `report` has been given why the database
 * cannot be used (DATABASE_URL unreachable or unmigratable: named, its password hidden); the caller exits 1.
 */
export async function openEngineOrReport(
  config: Config,
  report: (message: string) => void,
  max: number,
): Promise<Engine | null> {
  try {
    return await openEngine(config, { max });
  } catch (error) {
    if (!(error instanceof DatabaseUrlError)) throw error;
    report(`${error.message}\n`);
    return null;
  }
}
