PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_article_revisions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` integer NOT NULL,
	`author` text NOT NULL,
	`changed` text NOT NULL,
	`snapshot` text,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_article_revisions`("seq", "article_id", "revision", "created_at", "author", "changed", "snapshot") SELECT "seq", "article_id", "revision", "created_at", "author", "changed", "snapshot" FROM `article_revisions`;--> statement-breakpoint
DROP TABLE `article_revisions`;--> statement-breakpoint
ALTER TABLE `__new_article_revisions` RENAME TO `article_revisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `article_revisions_article_revision_idx` ON `article_revisions` (`article_id`,`revision`);