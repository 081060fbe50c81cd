import { runTokenCli } from './lib/token-cli.js';

// `npm run token -- create <name> [--scopes read,write] | list | revoke <name>`; see lib/token-cli.ts.
process.exitCode = await runTokenCli(process.argv.slice(2));
