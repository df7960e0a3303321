CREATE TABLE `proctor_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`candidate_id` integer NOT NULL,
	`sender_user_id` integer NOT NULL,
	`at` integer NOT NULL,
	`text` text NOT NULL,
	`dismissed_at` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proctor_messages_unique` ON `proctor_messages` (`message_id`,`candidate_id`);--> statement-breakpoint
CREATE INDEX `proctor_messages_pending` ON `proctor_messages` (`candidate_id`,`dismissed_at`);