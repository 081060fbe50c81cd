import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config.js';
import { redactDatabaseUrl } from '../../src/db/database-url.js';
import { DEFAULT_SCOPES, SCOPES, type Scope, TokenError } from '../../src/tokens/tokens.store.js';
import { EXIT_FAILURE, EXIT_USAGE, openEngineOrReport, UsageError } from './cli.js';

// The `npm run token -- create|list|revoke` command (scripts/token.ts runs it): API tokens, on the database under DATA_DIR (the server's own).
// Only a hash of a token is stored; `create` prints the token once, as the last line, so a script can take it
// with `tail -n 1`. The server looks tokens up on every request, so a revocation takes effect at once.

const USAGE = `Usage:
  npm run token -- create <name> [--scopes read,write,admin]  make a token; it is printed once, as the last line
  npm run token -- list                                  name, scopes, created and revoked times (never tokens)
  npm run token -- revoke <name>                         revoke the active token with that name

Scopes: ${SCOPES.join(', ')} (default: ${DEFAULT_SCOPES.join(',')}; admin manages webhooks). The database is the one under DATA_DIR (default ./data).`;

function parseScopes(value: string | undefined): Scope[] {
  if (value === undefined) return [...DEFAULT_SCOPES];
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  const unknown = scopes.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new UsageError(`--scopes takes a comma-separated list of ${SCOPES.join(', ')}; got "${value}".`);
  }
  return [...new Set(scopes)] as Scope[];
}

type Command =
  | { name: 'help' }
  | { name: 'create'; tokenName: string; scopes: Scope[] }
  | { name: 'list' }
  | { name: 'revoke'; tokenName: string };

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { scopes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs' messages name the offending option ("Unknown option '--scope'").
    throw new UsageError((error as Error).message);
  }
}

function parseCommand(argv: string[]): Command {
  const parsed = parseOptions(argv);
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  const [command, ...rest] = positionals;
  if (command !== 'create' && values.scopes !== undefined) throw new UsageError('--scopes applies to create only.');
  switch (command) {
    case 'create':
    case 'revoke': {
      if (rest.length !== 1 || !rest[0]) throw new UsageError(`${command} takes exactly one token name.`);
      return command === 'create'
        ? { name: 'create', tokenName: rest[0], scopes: parseScopes(values.scopes) }
        : { name: 'revoke', tokenName: rest[0] };
    }
    case 'list':
      if (rest.length > 0) throw new UsageError('list takes no arguments.');
      return { name: 'list' };
    case undefined:
      throw new UsageError('No command given.');
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export type TokenCliIo = {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

const processIo: TokenCliIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The token command; returns the exit code. The output goes through `io`, so tests can run it in-process. */
export async function runTokenCli(argv: string[], io: TokenCliIo = processIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command.name === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return EXIT_FAILURE;
  }
  const engine = await openEngineOrReport(config, io.stderr, 1);
  if (!engine) return EXIT_FAILURE;
  // Where the tokens are, for messages: the data folder, or the PostgreSQL database without its password.
  const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : config.dataDir;
  try {
    const { tokens } = engine;
    switch (command.name) {
      case 'create': {
        const { token, info } = await tokens.create(command.tokenName, command.scopes);
        io.stdout(
          `Created token "${info.name}" with scopes ${info.scopes.join(',')} in ${where}.\n` +
            'It is shown once and cannot be read back; keep it safe:\n' +
            `${token}\n`,
        );
        return 0;
      }
      case 'list': {
        const all = await tokens.list();
        if (all.length === 0) {
          io.stdout(`No tokens in ${where}.\n`);
          return 0;
        }
        const rows = all.map((t) => [t.name, t.scopes.join(','), t.createdAt, t.revokedAt ?? '-']);
        io.stdout(`${table([['NAME', 'SCOPES', 'CREATED', 'REVOKED'], ...rows])}\n`);
        return 0;
      }
      case 'revoke': {
        if (!(await tokens.revoke(command.tokenName))) {
          io.stderr(`No active token named "${command.tokenName}" in ${where}.\n`);
          return EXIT_FAILURE;
        }
        io.stdout(`Revoked token "${command.tokenName}"; requests made with it are now refused.\n`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof TokenError) {
      io.stderr(`${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  } finally {
    await engine.close();
  }
}
