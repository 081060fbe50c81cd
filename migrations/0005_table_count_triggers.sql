-- Keeps table_counts equal to `count(*)` of quotes and images, in the same transaction as every write, so the
-- total of an unfiltered list is a lookup. (Written as upserts: src/db/bulk-index.ts lifts only plain FTS triggers.)
INSERT INTO table_counts (table_name, total) SELECT 'quotes', count(*) FROM quotes;
--> statement-breakpoint
INSERT INTO table_counts (table_name, total) SELECT 'images', count(*) FROM images;
--> statement-breakpoint
CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO table_counts (table_name, total) VALUES ('quotes', 1)
    ON CONFLICT (table_name) DO UPDATE SET total = total + 1;
END;
--> statement-breakpoint
CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes BEGIN
  UPDATE table_counts SET total = total - 1 WHERE table_name = 'quotes';
END;
--> statement-breakpoint
CREATE TRIGGER images_count_insert AFTER INSERT ON images BEGIN
  INSERT INTO table_counts (table_name, total) VALUES ('images', 1)
    ON CONFLICT (table_name) DO UPDATE SET total = total + 1;
END;
--> statement-breakpoint
CREATE TRIGGER images_count_delete AFTER DELETE ON images BEGIN
  UPDATE table_counts SET total = total - 1 WHERE table_name = 'images';
END;
