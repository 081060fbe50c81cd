/**
 * Turns what a reader typed into a safe FTS5 query: every word must match (AND), each word is quoted so FTS5
 * syntax in the input (`"`, `*`, `NEAR`, `-`, column filters) is taken literally, and the last word also matches
 * as a prefix so search-as-you-type finds "Zelen" → "Zelensky". Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return index === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/**
 * The words a search looks for, in order (at most 32): what both engines' queries are made of (this file's FTS5
 * query on SQLite, src/db/pg-search.ts on PostgreSQL), so that both look for the same words.
 */
export function searchWords(input: string): string[] {
  return input
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 32);
}
