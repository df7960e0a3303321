CREATE UNIQUE INDEX `candidates_seat` ON `candidates` (`sitting_id`,`room`,`seat`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_login_nocase` ON `users` (lower("login"));