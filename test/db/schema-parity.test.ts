// The SQLite schema (src/db/schema.ts) and the PostgreSQL one (src/db/schema.pg.ts) describe the same tables: the
// same names, columns, nullability, defaults, keys, uniques, indexes and foreign keys, and rows of the same JS
// types, so that a store answers alike on either engine. What PostgreSQL adds instead of SQLite's FTS5 tables (the
// generated `search` columns and their GIN indexes) is listed here; any other difference fails.
import { getTableName, is, type Table } from 'drizzle-orm';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as sqliteSchema from '../../src/db/schema.js';
import * as pgSchema from '../../src/db/schema.pg.js';

const PG_ONLY_COLUMNS = ['articles.search', 'images.search', 'quotes.search'];
const PG_ONLY_INDEXES = ['articles_search_idx', 'images_search_idx', 'quotes_search_idx'];

type Column = {
  name: string;
  dataType: string;
  notNull: boolean;
  hasDefault: boolean;
  default: unknown;
  primary: boolean;
  isUnique: boolean;
  getSQLType(): string;
};
type Config = {
  name: string;
  columns: Column[];
  indexes: Array<{ config: { name: string; unique: boolean; where?: unknown; columns: unknown[] } }>;
  primaryKeys: Array<{ columns: Array<{ name: string }> }>;
  foreignKeys: Array<{
    onDelete?: string;
    reference(): { columns: Array<{ name: string }>; foreignTable: Table; foreignColumns: Array<{ name: string }> };
  }>;
};

/** What a column holds, in JS terms: text of any collation is a string; every integer or float a number. */
function kind(column: Column): string {
  if (column.dataType !== 'custom') return column.dataType;
  return column.getSQLType().startsWith('text') ? 'string' : column.getSQLType();
}

/** A table as the two schemas must agree on it (PostgreSQL's additions left out). */
function describeTable(config: Config) {
  const columns = config.columns
    .filter((column) => !PG_ONLY_COLUMNS.includes(`${config.name}.${column.name}`))
    .map((column) => ({
      name: column.name,
      kind: kind(column),
      notNull: column.notNull,
      default: column.hasDefault ? column.default : undefined,
      primary: column.primary,
      unique: column.isUnique,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const indexes = config.indexes
    .map(({ config: index }) => ({
      name: index.name,
      unique: index.unique,
      partial: index.where !== undefined,
      columns: index.columns.map((column) => (column as { name: string }).name),
    }))
    .filter((index) => !PG_ONLY_INDEXES.includes(index.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const primaryKeys = config.primaryKeys.map((key) => key.columns.map((column) => column.name));
  const foreignKeys = config.foreignKeys
    .map((key) => {
      const reference = key.reference();
      return {
        columns: reference.columns.map((column) => column.name),
        table: getTableName(reference.foreignTable),
        foreignColumns: reference.foreignColumns.map((column) => column.name),
        onDelete: key.onDelete,
      };
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
  return { columns, indexes, primaryKeys, foreignKeys };
}

const sqliteTables = new Map(
  Object.values(sqliteSchema)
    .filter((value) => is(value, SQLiteTable))
    .map((table) => {
      const config = sqliteConfig(table as SQLiteTable) as unknown as Config;
      return [config.name, config] as const;
    }),
);
const pgTables = new Map(
  Object.values(pgSchema)
    .filter((value) => is(value, PgTable))
    .map((table) => {
      const config = pgConfig(table as PgTable) as unknown as Config;
      return [config.name, config] as const;
    }),
);

describe('schema.ts and schema.pg.ts', () => {
  it('declare the same tables', () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(10);
  });

  it.each([...sqliteTables.keys()])(
    '%s: same columns, nullability, defaults, keys, uniques, indexes and foreign keys',
    (name) => {
      const sqlite = sqliteTables.get(name);
      const pg = pgTables.get(name);
      expect(pg).toBeDefined();
      expect(describeTable(pg as Config)).toEqual(describeTable(sqlite as Config));
    },
  );

  it("give PostgreSQL only the search columns and their GIN indexes besides SQLite's", () => {
    for (const column of PG_ONLY_COLUMNS) {
      const [table, name] = column.split('.') as [string, string];
      expect(pgTables.get(table)?.columns.map((c) => c.name)).toContain(name);
    }
    const pgIndexes = [...pgTables.values()].flatMap((config) => config.indexes.map((index) => index.config.name));
    for (const index of PG_ONLY_INDEXES) expect(pgIndexes).toContain(index);
  });

  it('read rows of the same JS types (checked by the type checker)', () => {
    type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];
    type PgRow<T extends { $inferSelect: unknown }> = Omit<T['$inferSelect'], 'search'>;
    expectTypeOf<PgRow<typeof pgSchema.articles>>().toEqualTypeOf<Row<typeof sqliteSchema.articles>>();
    expectTypeOf<PgRow<typeof pgSchema.quotes>>().toEqualTypeOf<Row<typeof sqliteSchema.quotes>>();
    expectTypeOf<PgRow<typeof pgSchema.images>>().toEqualTypeOf<Row<typeof sqliteSchema.images>>();
    expectTypeOf<Row<typeof pgSchema.articleTags>>().toEqualTypeOf<Row<typeof sqliteSchema.articleTags>>();
    expectTypeOf<Row<typeof pgSchema.articleRevisions>>().toEqualTypeOf<Row<typeof sqliteSchema.articleRevisions>>();
    expectTypeOf<Row<typeof pgSchema.previewLinks>>().toEqualTypeOf<Row<typeof sqliteSchema.previewLinks>>();
    expectTypeOf<Row<typeof pgSchema.tokens>>().toEqualTypeOf<Row<typeof sqliteSchema.tokens>>();
    expectTypeOf<Row<typeof pgSchema.webhooks>>().toEqualTypeOf<Row<typeof sqliteSchema.webhooks>>();
    expectTypeOf<Row<typeof pgSchema.webhookEvents>>().toEqualTypeOf<Row<typeof sqliteSchema.webhookEvents>>();
    expectTypeOf<Row<typeof pgSchema.webhookDeliveries>>().toEqualTypeOf<Row<typeof sqliteSchema.webhookDeliveries>>();
    expectTypeOf<Row<typeof pgSchema.webhookAttempts>>().toEqualTypeOf<Row<typeof sqliteSchema.webhookAttempts>>();
    expectTypeOf<Row<typeof pgSchema.webhookState>>().toEqualTypeOf<Row<typeof sqliteSchema.webhookState>>();
    expectTypeOf<Row<typeof pgSchema.articleCounts>>().toEqualTypeOf<Row<typeof sqliteSchema.articleCounts>>();
    expectTypeOf<Row<typeof pgSchema.tableCounts>>().toEqualTypeOf<Row<typeof sqliteSchema.tableCounts>>();
    expectTypeOf<Row<typeof pgSchema.articleImages>>().toEqualTypeOf<Row<typeof sqliteSchema.articleImages>>();
    expectTypeOf<Row<typeof pgSchema.articleQuotes>>().toEqualTypeOf<Row<typeof sqliteSchema.articleQuotes>>();
    // `select(articleColumns)` reads exactly an ArticleRow.
    expectTypeOf<{ [K in keyof typeof pgSchema.articleColumns]: unknown }>().toEqualTypeOf<{
      [K in keyof sqliteSchema.ArticleRow]: unknown;
    }>();
  });
});
