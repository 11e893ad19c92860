CREATE TABLE "cancellation_lines" (
	"cancellation_id" bigint NOT NULL,
	"order_line_id" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"paid_share_fen" bigint NOT NULL,
	"fee_fen" bigint NOT NULL,
	"refund_fen" bigint NOT NULL,
	CONSTRAINT "cancellation_lines_cancellation_id_order_line_id_pk" PRIMARY KEY("cancellation_id","order_line_id"),
	CONSTRAINT "cancellation_lines_qty_pos" CHECK ("cancellation_lines"."quantity" > 0),
	CONSTRAINT "cancellation_lines_money" CHECK ("cancellation_lines"."fee_fen" >= 0 AND "cancellation_lines"."fee_fen" <= "cancellation_lines"."paid_share_fen" AND "cancellation_lines"."refund_fen" = "cancellation_lines"."paid_share_fen" - "cancellation_lines"."fee_fen")
);
--> statement-breakpoint
CREATE TABLE "cancellation_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"shop_id" bigint NOT NULL,
	"status" text NOT NULL,
	"selection" jsonb NOT NULL,
	"whole" boolean NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text,
	"requested_by" bigint,
	"requested_role" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"sla_deadline" timestamp with time zone NOT NULL,
	"decided_by" bigint,
	"decided_role" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "cancellations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"shop_id" bigint NOT NULL,
	"request_id" bigint,
	"kind" text NOT NULL,
	"whole" boolean NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"goods_refund_fen" bigint NOT NULL,
	"fee_fen" bigint NOT NULL,
	"shipping_refund_fen" bigint NOT NULL,
	"refund_fen" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cancellations_money" CHECK ("cancellations"."fee_fen" >= 0 AND "cancellations"."goods_refund_fen" >= 0 AND "cancellations"."shipping_refund_fen" >= 0 AND "cancellations"."refund_fen" = "cancellations"."goods_refund_fen" - "cancellations"."fee_fen" + "cancellations"."shipping_refund_fen" AND "cancellations"."refund_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"refund_id" bigint NOT NULL,
	"status" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"shop_id" bigint NOT NULL,
	"cancellation_id" bigint,
	"amount_fen" bigint NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"review_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected_earliest" timestamp with time zone NOT NULL,
	"expected_latest" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "refunds_amount_pos" CHECK ("refunds"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "bundle" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_refunded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cancellation_lines" ADD CONSTRAINT "cancellation_lines_cancellation_id_cancellations_id_fk" FOREIGN KEY ("cancellation_id") REFERENCES "public"."cancellations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_lines" ADD CONSTRAINT "cancellation_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_requests" ADD CONSTRAINT "cancellation_requests_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellations" ADD CONSTRAINT "cancellations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellations" ADD CONSTRAINT "cancellations_request_id_cancellation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."cancellation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_events" ADD CONSTRAINT "refund_events_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_cancellation_id_cancellations_id_fk" FOREIGN KEY ("cancellation_id") REFERENCES "public"."cancellations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cancellation_requests_one_pending" ON "cancellation_requests" USING btree ("order_id") WHERE "cancellation_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "cancellation_requests_shop_queue_idx" ON "cancellation_requests" USING btree ("shop_id","status","sla_deadline");--> statement-breakpoint
CREATE INDEX "cancellation_requests_order_idx" ON "cancellation_requests" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "cancellations_order_idx" ON "cancellations" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "cancellations_shopper_idx" ON "cancellations" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE INDEX "refund_events_refund_idx" ON "refund_events" USING btree ("refund_id","id");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "refunds_shopper_idx" ON "refunds" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "refunds_status_idx" ON "refunds" USING btree ("status","created_at");