-- What the search vectors (the generated `search` columns of articles, quotes and images) are made with. Created
-- before the tables: a generated column can only call functions that exist, and only IMMUTABLE ones.
-- unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() itself is only STABLE (it finds its dictionary through search_path). This wrapper names the
-- dictionary, and its SQL-standard body (BEGIN ATOMIC) is bound when it is created, so neither a later
-- search_path nor a restore into an empty search_path changes what it calls: it is as immutable as it says.
-- Folds accents so that 'Zelensky' finds 'Zelenský', as FTS5's remove_diacritics does on SQLite.
CREATE OR REPLACE FUNCTION cms_unaccent(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT unaccent('unaccent'::regdictionary, value);
END;
--> statement-breakpoint
-- The searchable text of an article's body (a JSON array of blocks): its paragraphs' and headings' text in block
-- order, one per line, as SQLite's articles_fts triggers take it. Only the first 200,000 characters: a tsvector
-- is limited to 1 MB, which an enormous body of distinct words could pass, and that would refuse the write.
CREATE OR REPLACE FUNCTION cms_article_body_text(body text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT left(coalesce(string_agg(block.value ->> 'text', E'\n' ORDER BY block.position), ''), 200000)
  FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof(body::jsonb) = 'array' THEN body::jsonb ELSE '[]'::jsonb END
  ) WITH ORDINALITY AS block(value, position)
  WHERE block.value ->> 'type' IN ('paragraph', 'heading');
END;
