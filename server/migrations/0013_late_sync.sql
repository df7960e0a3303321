CREATE TABLE `late_sync_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`received_at` integer NOT NULL,
	`entries_json` text NOT NULL,
	`decided_at` integer,
	`decided_by` integer,
	`reason` text,
	`applied` integer,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `late_sync_requests_session` ON `late_sync_requests` (`session_id`);--> statement-breakpoint
CREATE INDEX `late_sync_requests_status` ON `late_sync_requests` (`status`);--> statement-breakpoint
ALTER TABLE `exam_sessions` ADD `late_sync_at` integer;