import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The HTTP suite again, every app on a fresh PostgreSQL database of its own (TEST_DB=postgres, see
// test/helpers/app.ts): `npm run test:pg`, which `npm test` runs after the SQLite half. Left out are the files that
// test one engine's own machinery rather than the API: SQLite's query plans, migrations, writer, worker-thread
// import, backup and crash recovery; PostgreSQL's own tests (test/db/pg-*), which the first half already runs; and
// pure unit tests, which do not touch a database.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { TEST_DB: 'postgres' },
      exclude: [
        'test/db/**',
        'test/bench/**',
        'test/**/*.plans.test.ts',
        'test/articles/revisions.unit.test.ts',
        'test/articles/slug.test.ts',
        'test/import/worker.test.ts',
        'test/reliability/backup.test.ts',
        'test/reliability/crash-safety.test.ts',
        'test/config/**',
        // Child servers and the token CLI are given their database explicitly (multi-instance.test.ts and
        // token-cli.test.ts run on PostgreSQL in the first half).
        'test/server/**',
        'test/tokens/**',
        'test/packaging/**',
        'test/shared/**',
        'test/media/location-metadata.test.ts',
        'test/media/renditions.test.ts',
      ],
    },
  }),
);
