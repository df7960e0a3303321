CREATE TABLE `screenshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`paper_item_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`mime_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`caption` text,
	`uploaded_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screenshots_session_item` ON `screenshots` (`session_id`,`paper_item_id`);--> statement-breakpoint
ALTER TABLE `exam_sessions` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `paper_items` ADD `detail_json` text DEFAULT '{}' NOT NULL;