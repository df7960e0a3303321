CREATE TABLE `seb_settings` (
	`sitting_id` integer PRIMARY KEY NOT NULL,
	`required` integer NOT NULL,
	`options_json` text NOT NULL,
	`hashed_quit_password` text,
	`browser_exam_keys_json` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer NOT NULL,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
