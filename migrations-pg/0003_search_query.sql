-- A reader's search words as a tsquery that means what SQLite's FTS5 query means (src/shared/fts.ts): every word
-- must match, accents folded, and the last word also as a prefix ("Zelen" finds "Zelensky"). plainto_tsquery
-- takes any text without error (no operator syntax); its output is PostgreSQL's own quoted text form, so `:*`
-- appended after the closing quote of the last lexeme is always well formed. An input with no lexeme gives the
-- empty query, which matches nothing.
CREATE OR REPLACE FUNCTION cms_search_query(words text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN right(q::text, 1) = '''' THEN (q::text || ':*')::tsquery ELSE q END
  FROM plainto_tsquery('simple'::regconfig, cms_unaccent(words)) AS q;
END;
