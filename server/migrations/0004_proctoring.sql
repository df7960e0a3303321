CREATE TABLE `admissions` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`admitted_at` integer NOT NULL,
	`admitted_by` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`admitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sitting_id` integer NOT NULL,
	`room` text NOT NULL,
	`candidate_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`details_json` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_room` ON `incidents` (`sitting_id`,`room`,`at`);--> statement-breakpoint
CREATE INDEX `incidents_candidate` ON `incidents` (`candidate_id`);--> statement-breakpoint
CREATE TABLE `proctor_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`sitting_id` integer NOT NULL,
	`room` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proctor_assignments_unique` ON `proctor_assignments` (`user_id`,`sitting_id`,`room`);--> statement-breakpoint
CREATE INDEX `proctor_assignments_room` ON `proctor_assignments` (`sitting_id`,`room`);--> statement-breakpoint
CREATE TABLE `proctor_settings` (
	`sitting_id` integer PRIMARY KEY NOT NULL,
	`admission_required` integer NOT NULL,
	`signal_policy` text NOT NULL,
	`pause_after` integer NOT NULL,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TRIGGER `incidents_no_update` BEFORE UPDATE ON `incidents` BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `incidents_no_delete` BEFORE DELETE ON `incidents` BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
