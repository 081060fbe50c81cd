import { spawnSync } from 'node:child_process';
import { pgUnreachable } from './lib/pg-reachable.js';

// `npm run test:pg` (the second half of `npm test`): the HTTP suite again, every app on a fresh PostgreSQL database
// (vitest.pg.config.ts). Without a PostgreSQL server a user's run says that this half was skipped and how to run it,
// and succeeds; CI (CI set, as .ci/run does) never skips it and fails instead.

const url = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const why = await pgUnreachable(url);
if (why !== null) {
  const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const message =
    `PostgreSQL is not reachable at ${shown} (${why}), so the PostgreSQL half of the tests was SKIPPED ` +
    '(the SQLite half ran). To run it: start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect ' +
    '$(ls /etc/postgresql) main start), or point PG_TEST_URL at a server where the user may create databases, ' +
    'then `npm run test:pg`.';
  if (process.env.CI) {
    process.stderr.write(`${message}\nCI never skips the PostgreSQL tests.\n`);
    process.exit(1);
  }
  process.stderr.write(`\n${message}\n`);
  process.exit(0);
}

const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.pg.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
