CREATE TABLE `article_revisions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` integer NOT NULL,
	`author` text NOT NULL,
	`changed` text NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `article_revisions_article_revision_idx` ON `article_revisions` (`article_id`,`revision`);--> statement-breakpoint
CREATE TABLE `preview_links` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `preview_links_token_hash_unique` ON `preview_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `preview_links_article_idx` ON `preview_links` (`article_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `corrections` text DEFAULT '[]' NOT NULL;