import { spawnSync } from 'node:child_process';

// `npm run db:generate -- [drizzle-kit options]`: drizzle-kit generate for both engines, with the same options
// (`--name what_changed`), so that a change to schema.ts and schema.pg.ts gets its migration in migrations/ and in
// migrations-pg/ at once. A hand-written (`--custom`) migration belongs to one engine: run drizzle-kit for it alone.

const options = process.argv.slice(2);
if (options.includes('--custom')) {
  process.stderr.write(
    'A --custom migration is for one engine: npx drizzle-kit generate --custom --name x (SQLite), or\n' +
      'npx drizzle-kit generate --config drizzle.pg.config.ts --custom --name x (PostgreSQL).\n',
  );
  process.exit(2);
}
for (const config of ['drizzle.config.ts', 'drizzle.pg.config.ts']) {
  const run = spawnSync('npx', ['drizzle-kit', 'generate', '--config', config, ...options], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
