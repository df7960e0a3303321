CREATE TABLE `grading_task_graders` (
	`paper_item_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`paper_item_id`, `user_id`),
	FOREIGN KEY (`paper_item_id`) REFERENCES `paper_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grading_task_graders_user` ON `grading_task_graders` (`user_id`);