import { defineConfig } from 'drizzle-kit';

// The PostgreSQL migrations (DATABASE_URL), generated from schema.pg.ts beside the SQLite ones from schema.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.pg.ts',
  out: './migrations-pg',
});
