-- The change feed across instances (src/db/pg-change-feed.ts): every statement that writes a table a cache or a
-- token check depends on sends a notification on the channel `cms_changes`, whichever path makes it (API, import,
-- transfer, a hand-run statement), delivered to every listening instance once the transaction commits (and never
-- when it rolls back). The payload is the kind of table, so the article render memo can ignore article-only writes:
-- 'articles' (an article and what hangs on it: tags, links, revisions, preview links, counters), 'references'
-- (images and quotes, which rendered articles show), 'tokens' (token checks), 'webhooks' (subscriptions).
-- Statement-level: one trigger call per statement, not per row; PostgreSQL delivers a payload sent twice in one
-- transaction once, so a write of an article with its tags and links is one notification.
-- Not watched: webhook_events, webhook_deliveries, webhook_attempts and webhook_state, which the dispatcher writes on
-- every attempt and which no cache shows (the delivery log is read afresh on every request).
CREATE FUNCTION cms_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cms_changes', TG_ARGV[0]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER articles_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER article_tags_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_tags
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER article_images_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_images
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER article_quotes_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_quotes
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER article_revisions_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER preview_links_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON preview_links
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER article_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_counts
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('articles');
--> statement-breakpoint
CREATE TRIGGER images_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON images
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('references');
--> statement-breakpoint
CREATE TRIGGER quotes_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quotes
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('references');
--> statement-breakpoint
CREATE TRIGGER table_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON table_counts
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('references');
--> statement-breakpoint
CREATE TRIGGER tokens_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tokens
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('tokens');
--> statement-breakpoint
CREATE TRIGGER webhooks_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhooks
  FOR EACH STATEMENT EXECUTE FUNCTION cms_notify_change('webhooks');
