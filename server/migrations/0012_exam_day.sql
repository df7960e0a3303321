CREATE TABLE `server_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `proctor_settings` ADD `text_paste` text DEFAULT 'block' NOT NULL;--> statement-breakpoint
ALTER TABLE `proctor_settings` ADD `parallel_parts` integer DEFAULT false NOT NULL;