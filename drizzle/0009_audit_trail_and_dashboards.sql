ALTER TABLE "audit_log" ADD COLUMN "order_id" bigint;--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_shop_created_idx" ON "orders" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_receiver_phone_idx" ON "orders" USING btree ("receiver_phone");--> statement-breakpoint
CREATE INDEX "orders_unpaid_cancelled_idx" ON "orders" USING btree ("cancelled_at") WHERE "orders"."status" = 'cancelled' AND "orders"."paid_fen" = 0;--> statement-breakpoint
CREATE INDEX "audit_order_idx" ON "audit_log" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cancellation_requests_requested_idx" ON "cancellation_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "cancellation_requests_shop_requested_idx" ON "cancellation_requests" USING btree ("shop_id","requested_at");--> statement-breakpoint
CREATE INDEX "cancellations_created_idx" ON "cancellations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cancellations_shop_created_idx" ON "cancellations" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "refund_events_review_idx" ON "refund_events" USING btree ("created_at") WHERE "refund_events"."status" = 'pending_review';--> statement-breakpoint
CREATE INDEX "refunds_shop_created_idx" ON "refunds" USING btree ("shop_id","created_at");--> statement-breakpoint
UPDATE "audit_log" SET "order_id" = "entity_id"::bigint WHERE "entity_type" = 'order';--> statement-breakpoint
UPDATE "audit_log" a SET "order_id" = r."order_id" FROM "refunds" r WHERE a."entity_type" = 'refund' AND r."id" = a."entity_id"::bigint;--> statement-breakpoint
UPDATE "audit_log" a SET "order_id" = c."order_id" FROM "after_sales_cases" c WHERE a."entity_type" = 'after_sales_case' AND c."id" = a."entity_id"::bigint;--> statement-breakpoint
UPDATE "audit_log" a SET "order_id" = q."order_id" FROM "cancellation_requests" q WHERE a."entity_type" = 'cancellation_request' AND q."id" = a."entity_id"::bigint;--> statement-breakpoint
UPDATE "audit_log" a SET "order_id" = n."order_id" FROM "notices" n WHERE a."entity_type" = 'notice' AND n."id" = a."entity_id"::bigint;--> statement-breakpoint
-- The audit trail is append-only for everyone, the table owner included: rows can be added and
-- read, never changed or removed.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = '42501';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
