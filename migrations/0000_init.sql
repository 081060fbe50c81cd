CREATE TABLE `article_images` (
	`article_id` text NOT NULL,
	`image_id` text NOT NULL,
	PRIMARY KEY(`article_id`, `image_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `article_images_image_idx` ON `article_images` (`image_id`);--> statement-breakpoint
CREATE TABLE `article_quotes` (
	`article_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`article_id`, `quote_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `article_quotes_quote_idx` ON `article_quotes` (`quote_id`);--> statement-breakpoint
CREATE TABLE `article_tags` (
	`article_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`tag`, `article_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_tags_article_idx` ON `article_tags` (`article_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`slug` text NOT NULL,
	`headline` text NOT NULL,
	`standfirst` text,
	`section` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`byline` text,
	`body` text DEFAULT '[]' NOT NULL,
	`lead_image_id` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_id_unique` ON `articles` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_status_published_idx` ON `articles` (`status`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_section_idx` ON `articles` (`section`,`status`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_created_idx` ON `articles` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_updated_idx` ON `articles` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_lead_image_idx` ON `articles` (`lead_image_id`);--> statement-breakpoint
CREATE TABLE `images` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`key` text,
	`source_url` text,
	`file_name` text,
	`alt_text` text NOT NULL,
	`caption` text,
	`credit` text,
	`creator` text,
	`copyright_notice` text,
	`focal_x` real,
	`focal_y` real,
	`width` integer,
	`height` integer,
	`mime_type` text,
	`bytes` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_id_unique` ON `images` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `images_key_unique` ON `images` (`key`);--> statement-breakpoint
CREATE INDEX `images_created_idx` ON `images` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `images_updated_idx` ON `images` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `images_credit_idx` ON `images` (`credit`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `images_file_idx` ON `images` (`file_name`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`key` text,
	`text` text NOT NULL,
	`speaker` text NOT NULL,
	`speaker_key` text NOT NULL,
	`speaker_role` text,
	`organisation` text,
	`channel` text,
	`source_url` text,
	`said_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_id_unique` ON `quotes` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_key_unique` ON `quotes` (`key`);--> statement-breakpoint
CREATE INDEX `quotes_created_idx` ON `quotes` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_updated_idx` ON `quotes` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_speaker_idx` ON `quotes` (`speaker_key`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`scopes` text DEFAULT 'read,write' NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_active_name_idx` ON `tokens` (`name`) WHERE revoked_at IS NULL;