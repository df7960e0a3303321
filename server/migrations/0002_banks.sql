CREATE TABLE `bank_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bank_id` integer NOT NULL,
	`item_key` text NOT NULL,
	`type` text NOT NULL,
	`area` text NOT NULL,
	`difficulty` integer NOT NULL,
	`levels_json` text NOT NULL,
	`stem` text NOT NULL,
	`item_json` text NOT NULL,
	FOREIGN KEY (`bank_id`) REFERENCES `banks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_items_key` ON `bank_items` (`bank_id`,`item_key`);--> statement-breakpoint
CREATE INDEX `bank_items_type_area` ON `bank_items` (`bank_id`,`type`,`area`);--> statement-breakpoint
CREATE TABLE `banks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bank_key` text NOT NULL,
	`title` text NOT NULL,
	`version` integer NOT NULL,
	`source_format` text NOT NULL,
	`source_name` text NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` integer,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
