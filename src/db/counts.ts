/**
 * The `meta.total` query of a list. Unfiltered, it reads the counter that triggers keep in table_counts (see
 * migrations/0005), so it costs the same at a million rows as at ten; filtered, it counts the matches.
 */
export function totalSql(
  table: 'quotes' | 'images',
  where: readonly string[],
  params: readonly unknown[],
): { sql: string; params: unknown[] } {
  if (where.length === 0) {
    return {
      sql: `SELECT coalesce((SELECT total FROM table_counts WHERE table_name = '${table}'), 0) AS n`,
      params: [],
    };
  }
  return { sql: `SELECT count(*) AS n FROM ${table} WHERE ${where.join(' AND ')}`, params: [...params] };
}
