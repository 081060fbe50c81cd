import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Every response a test receives is checked against the OpenAPI document (test/helpers/contract-setup.ts).
    setupFiles: ['test/helpers/contract-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
