CREATE TABLE `candidate_photos` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`mime_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `identity_checks` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`outcome` text NOT NULL,
	`method` text NOT NULL,
	`note` text,
	`checked_at` integer NOT NULL,
	`checked_by` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `proctor_settings` ADD `identity_check_required` integer DEFAULT false NOT NULL;