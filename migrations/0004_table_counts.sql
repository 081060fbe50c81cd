CREATE TABLE `table_counts` (
	`table_name` text PRIMARY KEY NOT NULL,
	`total` integer DEFAULT 0 NOT NULL
);
