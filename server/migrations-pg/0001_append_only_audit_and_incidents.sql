-- The audit log and the incidents are evidence: once written, a row can be neither changed nor
-- removed (as SQLite's migrations 0001 and 0004 enforce). TRUNCATE bypasses row triggers in
-- PostgreSQL, so it is refused by a statement trigger too.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "refuse_change"('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "refuse_change"('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER "incidents_no_update" BEFORE UPDATE ON "incidents"
FOR EACH ROW EXECUTE FUNCTION "refuse_change"('incidents are append-only');
--> statement-breakpoint
CREATE TRIGGER "incidents_no_delete" BEFORE DELETE ON "incidents"
FOR EACH ROW EXECUTE FUNCTION "refuse_change"('incidents are append-only');
--> statement-breakpoint
CREATE TRIGGER "incidents_no_truncate" BEFORE TRUNCATE ON "incidents"
FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"('incidents are append-only');
