CREATE TABLE "accommodations" (
	"candidate_id" integer PRIMARY KEY NOT NULL,
	"extra_time_json" text DEFAULT '{}' NOT NULL,
	"separate_room" boolean DEFAULT false NOT NULL,
	"large_print" boolean DEFAULT false NOT NULL,
	"screen_reader" boolean DEFAULT false NOT NULL,
	"other" text,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "planned_extra_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "incident_extra_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "accommodations" ADD CONSTRAINT "accommodations_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accommodations" ADD CONSTRAINT "accommodations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;