import { type Config, ConfigError, loadConfig } from '../../src/config.js';

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
