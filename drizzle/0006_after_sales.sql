CREATE TABLE "after_sales_cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"shop_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"selection" jsonb NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text,
	"return_carrier" text,
	"return_tracking_no" text,
	"decision_reason" text,
	"refund_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_buckets";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "qty_after_sales" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "after_sales_cases" ADD CONSTRAINT "after_sales_cases_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "after_sales_cases" ADD CONSTRAINT "after_sales_cases_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "after_sales_one_open" ON "after_sales_cases" USING btree ("order_id") WHERE "after_sales_cases"."status" IN ('pending_review', 'awaiting_return', 'returned');--> statement-breakpoint
CREATE INDEX "after_sales_shop_idx" ON "after_sales_cases" USING btree ("shop_id","status","id");--> statement-breakpoint
CREATE INDEX "after_sales_shopper_idx" ON "after_sales_cases" USING btree ("shopper_id","id");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_buckets" CHECK ("order_lines"."qty_cancelled" >= 0 AND "order_lines"."qty_shipped" >= 0 AND "order_lines"."qty_returned" >= 0 AND "order_lines"."qty_cancelled" + "order_lines"."qty_shipped" <= "order_lines"."qty_ordered" AND "order_lines"."qty_returned" <= "order_lines"."qty_after_sales" AND "order_lines"."qty_after_sales" <= "order_lines"."qty_shipped");