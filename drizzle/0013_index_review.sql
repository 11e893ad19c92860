-- Indexes of the tables a cancel writes, reviewed against the queries that read them
-- (docs/architecture.md, "Statement discipline"). The tab counts read refund_status from the
-- status index's INCLUDE, so their own index goes.
DROP INDEX "orders_shopper_counts_idx";--> statement-breakpoint
DROP INDEX "orders_shopper_status_idx";--> statement-breakpoint
CREATE INDEX "orders_shopper_status_idx" ON "orders" USING btree ("shopper_id","status","id") INCLUDE ("refund_status");--> statement-breakpoint
-- Room on each page for HOT updates (prepare, deliver, payment details: no indexed column).
ALTER TABLE "orders" SET (fillfactor = 90);--> statement-breakpoint
DROP INDEX "refunds_provider_refund_key";--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_provider_refund_key" ON "refunds" USING btree ("provider_refund_id") WHERE "refunds"."provider_refund_id" IS NOT NULL;
