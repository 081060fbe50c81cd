-- What SQLite's migrations 0003, 0005 and 0007 keep by trigger, kept the same way here, in the same transaction as
-- every write (whichever path makes it: API, import, transfer, a hand-run statement):
-- - article_counts = SELECT status, count(*) FROM articles GROUP BY status;
-- - table_counts = count(*) of quotes and images;
-- - article_tags.status and published_at = their article's.
-- The counters are statement-level triggers over transition tables: one counter update per status per statement
-- (a bulk load of a thousand rows updates a counter once, not a thousand times), applied in status order, so two
-- transactions changing the same counters lock them in the same order and cannot deadlock each other on them.
CREATE FUNCTION cms_article_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO article_counts AS c (status, total)
      SELECT status, count(*) FROM new_rows GROUP BY status ORDER BY status
      ON CONFLICT (status) DO UPDATE SET total = c.total + excluded.total;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO article_counts AS c (status, total)
      SELECT status, -count(*) FROM old_rows GROUP BY status ORDER BY status
      ON CONFLICT (status) DO UPDATE SET total = c.total + excluded.total;
  ELSE
    -- Only statuses whose count changed: an update that keeps every status locks no counter.
    INSERT INTO article_counts AS c (status, total)
      SELECT status, sum(delta) FROM (
        SELECT status, 1 AS delta FROM new_rows UNION ALL SELECT status, -1 AS delta FROM old_rows
      ) AS changes GROUP BY status HAVING sum(delta) <> 0 ORDER BY status
      ON CONFLICT (status) DO UPDATE SET total = c.total + excluded.total;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_counts_insert AFTER INSERT ON articles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_article_counts();
--> statement-breakpoint
CREATE TRIGGER article_counts_delete AFTER DELETE ON articles
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_article_counts();
--> statement-breakpoint
CREATE TRIGGER article_counts_update AFTER UPDATE ON articles
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_article_counts();
--> statement-breakpoint
INSERT INTO article_counts (status, total) SELECT status, count(*) FROM articles GROUP BY status
  ON CONFLICT (status) DO NOTHING;
--> statement-breakpoint
-- The table's name is the counter's key (TG_TABLE_NAME: 'quotes' or 'images').
CREATE FUNCTION cms_table_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO delta FROM new_rows;
  ELSE
    SELECT -count(*) INTO delta FROM old_rows;
  END IF;
  IF delta <> 0 THEN
    INSERT INTO table_counts AS c (table_name, total) VALUES (TG_TABLE_NAME, delta)
      ON CONFLICT (table_name) DO UPDATE SET total = c.total + excluded.total;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_table_counts();
--> statement-breakpoint
CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_table_counts();
--> statement-breakpoint
CREATE TRIGGER images_count_insert AFTER INSERT ON images
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_table_counts();
--> statement-breakpoint
CREATE TRIGGER images_count_delete AFTER DELETE ON images
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cms_table_counts();
--> statement-breakpoint
INSERT INTO table_counts (table_name, total) SELECT 'quotes', count(*) FROM quotes ON CONFLICT (table_name) DO NOTHING;
--> statement-breakpoint
INSERT INTO table_counts (table_name, total) SELECT 'images', count(*) FROM images ON CONFLICT (table_name) DO NOTHING;
--> statement-breakpoint
-- A tag takes its article's state as it is inserted (BEFORE: the row is written once, with the right values,
-- whatever the insert gave), and follows the article when its status or publication time changes.
CREATE FUNCTION cms_article_tag_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT status, published_at INTO NEW.status, NEW.published_at FROM articles WHERE id = NEW.article_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_state_insert BEFORE INSERT ON article_tags
  FOR EACH ROW EXECUTE FUNCTION cms_article_tag_state();
--> statement-breakpoint
CREATE FUNCTION cms_article_tags_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_tags SET status = NEW.status, published_at = NEW.published_at WHERE article_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER article_tags_state_update AFTER UPDATE OF status, published_at ON articles
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
  EXECUTE FUNCTION cms_article_tags_follow();
