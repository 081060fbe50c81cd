-- A body may hold text with NUL (U+0000), which JSON writes as the escape \u0000: PostgreSQL's jsonb cannot hold
-- that character and refuses the cast, so the generated search column refused the article (a 500). The body's
-- searchable text now reads such escapes as spaces. Literal backslashes (the JSON escape \\) are set aside first
-- (as chr(1), which JSON text never holds raw), so that the text "\u0000" written by a user is left alone.
-- Rows already stored are unchanged: none could hold the escape, since the cast refused them.
CREATE OR REPLACE FUNCTION cms_article_body_text(body text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT left(coalesce(string_agg(block.value ->> 'text', E'\n' ORDER BY block.position), ''), 200000)
  FROM jsonb_array_elements(
    CASE
      WHEN jsonb_typeof(replace(replace(replace(body, '\\', chr(1)), '\u0000', '\u0020'), chr(1), '\\')::jsonb) = 'array'
      THEN replace(replace(replace(body, '\\', chr(1)), '\u0000', '\u0020'), chr(1), '\\')::jsonb
      ELSE '[]'::jsonb
    END
  ) WITH ORDINALITY AS block(value, position)
  WHERE block.value ->> 'type' IN ('paragraph', 'heading');
END;
