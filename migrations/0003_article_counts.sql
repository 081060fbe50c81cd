-- Keeps article_counts equal to `SELECT status, count(*) FROM articles GROUP BY status`, in the same transaction
-- as every write, so the total of an unfiltered list never needs a count over the whole table.
INSERT INTO article_counts (status, total) SELECT status, count(*) FROM articles GROUP BY status;
--> statement-breakpoint
CREATE TRIGGER article_counts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO article_counts (status, total) VALUES (new.status, 1)
    ON CONFLICT (status) DO UPDATE SET total = total + 1;
END;
--> statement-breakpoint
CREATE TRIGGER article_counts_delete AFTER DELETE ON articles BEGIN
  UPDATE article_counts SET total = total - 1 WHERE status = old.status;
END;
--> statement-breakpoint
CREATE TRIGGER article_counts_update AFTER UPDATE OF status ON articles WHEN old.status IS NOT new.status BEGIN
  UPDATE article_counts SET total = total - 1 WHERE status = old.status;
  INSERT INTO article_counts (status, total) VALUES (new.status, 1)
    ON CONFLICT (status) DO UPDATE SET total = total + 1;
END;
