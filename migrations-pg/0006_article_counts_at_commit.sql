-- The counters (article_counts, table_counts) were kept by statement-level triggers, which update a counter's row
-- as the article (image, quote) is written: every writer of one status then waited on that row, held until its
-- whole transaction committed. Under concurrent creates the inserts queued behind each other (wait event
-- Lock:transactionid), round trips and commit included: 112 creates/s where SQLite made 564. The counters are now
-- kept by constraint triggers deferred to commit, one per row: a counter row is locked only while the transaction
-- commits. A single article's status change updates its two counters in one statement, in status order; bulk loads
-- (import, transfer) lock the content tables first, so no two writers ever lock two counters in opposite orders.
DROP TRIGGER article_counts_insert ON articles;
--> statement-breakpoint
DROP TRIGGER article_counts_delete ON articles;
--> statement-breakpoint
DROP TRIGGER article_counts_update ON articles;
--> statement-breakpoint
CREATE FUNCTION cms_article_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO article_counts AS c (status, total) VALUES (NEW.status, 1)
      ON CONFLICT (status) DO UPDATE SET total = c.total + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO article_counts AS c (status, total) VALUES (OLD.status, -1)
      ON CONFLICT (status) DO UPDATE SET total = c.total - 1;
  ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
    INSERT INTO article_counts AS c (status, total)
      SELECT status, delta FROM (VALUES (OLD.status, -1::bigint), (NEW.status, 1::bigint)) AS v(status, delta)
      ORDER BY status
      ON CONFLICT (status) DO UPDATE SET total = c.total + excluded.total;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER article_counts_at_commit AFTER INSERT OR DELETE OR UPDATE OF status ON articles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cms_article_count_row();
--> statement-breakpoint
DROP TRIGGER quotes_count_insert ON quotes;
--> statement-breakpoint
DROP TRIGGER quotes_count_delete ON quotes;
--> statement-breakpoint
DROP TRIGGER images_count_insert ON images;
--> statement-breakpoint
DROP TRIGGER images_count_delete ON images;
--> statement-breakpoint
-- The table's name is the counter's key (TG_TABLE_NAME: 'quotes' or 'images').
CREATE FUNCTION cms_table_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO table_counts AS c (table_name, total)
    VALUES (TG_TABLE_NAME, CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
    ON CONFLICT (table_name) DO UPDATE SET total = c.total + excluded.total;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER quotes_count_at_commit AFTER INSERT OR DELETE ON quotes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cms_table_count_row();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER images_count_at_commit AFTER INSERT OR DELETE ON images
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cms_table_count_row();
