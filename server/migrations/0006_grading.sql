CREATE TABLE `grading_tasks` (
	`paper_item_id` integer PRIMARY KEY NOT NULL,
	`double_marking` integer DEFAULT false NOT NULL,
	`threshold_points` real,
	`arbitrator_user_id` integer,
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`arbitrator_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `marking_codes` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `marking_codes_code_unique` ON `marking_codes` (`code`);--> statement-breakpoint
CREATE TABLE `marks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`paper_item_id` integer NOT NULL,
	`grader_user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`total` real NOT NULL,
	`criteria_json` text NOT NULL,
	`comment` text,
	`marked_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grader_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `marks_script_kind` ON `marks` (`session_id`,`paper_item_id`,`kind`);--> statement-breakpoint
CREATE INDEX `marks_grader` ON `marks` (`grader_user_id`);--> statement-breakpoint
CREATE TABLE `review_panel_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`panel_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	FOREIGN KEY (`panel_id`) REFERENCES `review_panels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_panel_members_member` ON `review_panel_members` (`panel_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `review_panels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sitting_part_id` integer NOT NULL,
	`chair_user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`sitting_part_id`) REFERENCES `sitting_parts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_panels_sitting_part_id_unique` ON `review_panels` (`sitting_part_id`);--> statement-breakpoint
CREATE TABLE `review_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`member_user_id` integer NOT NULL,
	`score` real NOT NULL,
	`scored_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_scores_member` ON `review_scores` (`session_id`,`member_user_id`);--> statement-breakpoint
CREATE TABLE `script_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`paper_item_id` integer NOT NULL,
	`grader_user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `exam_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grader_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `script_claims_script` ON `script_claims` (`session_id`,`paper_item_id`);