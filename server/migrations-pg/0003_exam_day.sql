CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proctor_settings" ADD COLUMN "text_paste" text DEFAULT 'block' NOT NULL;--> statement-breakpoint
ALTER TABLE "proctor_settings" ADD COLUMN "parallel_parts" boolean DEFAULT false NOT NULL;