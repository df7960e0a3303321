CREATE TABLE "seb_settings" (
	"sitting_id" integer PRIMARY KEY NOT NULL,
	"required" boolean NOT NULL,
	"options_json" text NOT NULL,
	"hashed_quit_password" text,
	"browser_exam_keys_json" text DEFAULT '[]' NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "seb_settings" ADD CONSTRAINT "seb_settings_sitting_id_sittings_id_fk" FOREIGN KEY ("sitting_id") REFERENCES "public"."sittings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seb_settings" ADD CONSTRAINT "seb_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;