CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`paper_item_id` integer NOT NULL,
	`response_json` text,
	`flagged` integer DEFAULT false NOT NULL,
	`revision` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_session_item` ON `answers` (`session_id`,`paper_item_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`details_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `auth_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`sitting_id` integer NOT NULL,
	`ticket_no` text NOT NULL,
	`name` text NOT NULL,
	`id_number` text,
	`room` text NOT NULL,
	`seat` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_user_id_unique` ON `candidates` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_ticket_no_unique` ON `candidates` (`ticket_no`);--> statement-breakpoint
CREATE INDEX `candidates_sitting` ON `candidates` (`sitting_id`);--> statement-breakpoint
CREATE TABLE `exam_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occupation_id` integer NOT NULL,
	`title` text NOT NULL,
	`exam_date` text NOT NULL,
	`registration_deadline` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`occupation_id`) REFERENCES `occupations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `exam_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`sitting_part_id` integer NOT NULL,
	`status` text NOT NULL,
	`started_at` integer,
	`deadline` integer,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sitting_part_id`) REFERENCES `sitting_parts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exam_sessions_candidate_part` ON `exam_sessions` (`candidate_id`,`sitting_part_id`);--> statement-breakpoint
CREATE INDEX `exam_sessions_status_deadline` ON `exam_sessions` (`status`,`deadline`);--> statement-breakpoint
CREATE TABLE `levels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occupation_id` integer NOT NULL,
	`level` integer NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	FOREIGN KEY (`occupation_id`) REFERENCES `occupations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `levels_occupation_level` ON `levels` (`occupation_id`,`level`);--> statement-breakpoint
CREATE TABLE `occupations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `occupations_code_unique` ON `occupations` (`code`);--> statement-breakpoint
CREATE TABLE `paper_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`paper_id` integer NOT NULL,
	`position` integer NOT NULL,
	`bank_item_id` text NOT NULL,
	`type` text NOT NULL,
	`stem` text NOT NULL,
	`options_json` text NOT NULL,
	`answer_key_json` text NOT NULL,
	`points` real NOT NULL,
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paper_items_position` ON `paper_items` (`paper_id`,`position`);--> statement-breakpoint
CREATE TABLE `papers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`part` text NOT NULL,
	`multi_rule` text DEFAULT 'all-or-nothing' NOT NULL,
	`seed` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`raw_points` real NOT NULL,
	`max_points` real NOT NULL,
	`score` real NOT NULL,
	`passed` integer NOT NULL,
	`detail_json` text NOT NULL,
	`scored_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scores_session_id_unique` ON `scores` (`session_id`);--> statement-breakpoint
CREATE TABLE `sitting_parts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sitting_id` integer NOT NULL,
	`part` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`pass_score` real DEFAULT 60 NOT NULL,
	`paper_id` integer,
	`results_released_at` integer,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paper_id`) REFERENCES `papers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sitting_parts_part` ON `sitting_parts` (`sitting_id`,`part`);--> statement-breakpoint
CREATE TABLE `sittings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`level` integer NOT NULL,
	`name` text NOT NULL,
	`starts_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `exam_plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`login` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_login_unique` ON `users` (`login`);