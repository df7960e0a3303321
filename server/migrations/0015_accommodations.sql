CREATE TABLE `accommodations` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`extra_time_json` text DEFAULT '{}' NOT NULL,
	`separate_room` integer DEFAULT false NOT NULL,
	`large_print` integer DEFAULT false NOT NULL,
	`screen_reader` integer DEFAULT false NOT NULL,
	`other` text,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `exam_sessions` ADD `planned_extra_minutes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `exam_sessions` ADD `incident_extra_minutes` integer DEFAULT 0 NOT NULL;