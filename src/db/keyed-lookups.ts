import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { images, quotes } from './schema.js';

type KeyedTable = typeof images | typeof quotes;

/**
 * The reads every table of bundle items (images, quotes: a public id, and the key an import matched it by) answers
 * the same way on SQLite, prepared once: by id, by key, and many by ids or keys in one statement each.
 */
export function keyedLookups<T extends KeyedTable>(db: Db, table: T) {
  type Row = T['$inferSelect'];
  // NOTE: a union of tables is not a table to drizzle's builder types; each statement is built on `images`' shape,
  // which both tables share for `id` and `key`, and the rows are typed back as this table's.
  const t = table as typeof images;
  const ph = (name: string) => sql.placeholder(name);
  const byId = db.orm
    .select()
    .from(t)
    .where(eq(t.id, ph('id')))
    .prepare();
  const byKey = db.orm
    .select()
    .from(t)
    .where(eq(t.key, ph('key')))
    .prepare();
  // json_each: one statement for any number of ids or keys (inArray would make one per list length).
  const byKeys = db.orm
    .select()
    .from(t)
    .where(sql`${t.key} IN (SELECT value FROM json_each(${ph('keys')}))`)
    .prepare();
  const byIds = db.orm
    .select()
    .from(t)
    .where(sql`${t.id} IN (SELECT value FROM json_each(${ph('ids')}))`)
    .prepare();

  function many(statement: typeof byIds, values: readonly string[], name: 'ids' | 'keys', by: 'id' | 'key') {
    const found = new Map<string, Row>();
    if (values.length === 0) return found;
    for (const row of statement.all({ [name]: JSON.stringify([...new Set(values)]) })) {
      found.set(row[by] as string, row as Row);
    }
    return found;
  }

  return {
    findById: (id: string): Row | undefined => byId.get({ id }) as Row | undefined,
    /** The row a bundle named `key` (imports match items by key). */
    findByKey: (key: string): Row | undefined => byKey.get({ key }) as Row | undefined,
    /** The rows with these bundle keys, in one query (an import plans thousands of items at once). */
    findManyByKeys: (keys: readonly string[]): Map<string, Row> => many(byKeys, keys, 'keys', 'key'),
    /** Every row named, in one query: what an article's lead image and blocks resolve to. */
    findManyByIds: (ids: readonly string[]): Map<string, Row> => many(byIds, ids, 'ids', 'id'),
  };
}
