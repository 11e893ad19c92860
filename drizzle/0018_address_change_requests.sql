CREATE TABLE "address_change_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"shop_id" bigint NOT NULL,
	"status" text NOT NULL,
	"from_name" text NOT NULL,
	"from_phone" text NOT NULL,
	"from_address" text NOT NULL,
	"to_name" text NOT NULL,
	"to_phone" text NOT NULL,
	"to_address" text NOT NULL,
	"requested_by" bigint,
	"requested_role" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"sla_deadline" timestamp with time zone,
	"decided_by" bigint,
	"decided_role" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
ALTER TABLE "address_change_requests" ADD CONSTRAINT "address_change_requests_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "address_change_requests_one_pending" ON "address_change_requests" USING btree ("order_id") WHERE "address_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "address_change_requests_order_idx" ON "address_change_requests" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "address_change_requests_shop_queue_idx" ON "address_change_requests" USING btree ("shop_id","status","sla_deadline");
