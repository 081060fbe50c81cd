-- Keeps article_tags.status and article_tags.published_at equal to their article's, in the same transaction as
-- every write, so a tag's list is a range of article_tags_list_idx (tag, status, published_at, article_id): its
-- page walks limit + 1 entries in publishedAt order and its total counts entries without reading an article.
-- The index is rebuilt after the backfill rather than updated row by row (a million articles have ~4M tags).
DROP INDEX `article_tags_list_idx`;
--> statement-breakpoint
UPDATE article_tags SET (status, published_at) = (
  SELECT status, published_at FROM articles WHERE articles.id = article_tags.article_id
);
--> statement-breakpoint
CREATE INDEX `article_tags_list_idx` ON `article_tags` (`tag`,`status`,`published_at`,`article_id`);
--> statement-breakpoint
-- A tag added by any insert takes its article's state, unless the insert gave the right one already (the
-- repository does, sparing the update).
CREATE TRIGGER article_tags_state_insert AFTER INSERT ON article_tags
WHEN NOT EXISTS (
  SELECT 1 FROM articles WHERE id = new.article_id AND status IS new.status AND published_at IS new.published_at
) BEGIN
  UPDATE article_tags SET (status, published_at) = (
    SELECT status, published_at FROM articles WHERE id = new.article_id
  ) WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER article_tags_state_update AFTER UPDATE OF status, published_at ON articles
WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
  UPDATE article_tags SET status = new.status, published_at = new.published_at WHERE article_id = new.id;
END;
