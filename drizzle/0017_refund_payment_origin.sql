-- A refund may name the payment it returns (a second payment of one order is refunded through
-- its own channel) and says why it exists (ours, a double payment, the provider's dashboard);
-- payments are unique per provider (every channel names its payment by the order number);
-- refund notifies that match no payment are kept for staff.
--> statement-breakpoint
CREATE TABLE "unmatched_provider_refunds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"merchant_order_no" text NOT NULL,
	"refund_key" text NOT NULL,
	"provider_refund_id" text,
	"amount_fen" bigint,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "payments_provider_id_key";--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "payment_id" bigint;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "origin" text DEFAULT 'ours' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "unmatched_provider_refunds_event_key" ON "unmatched_provider_refunds" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "unmatched_provider_refunds_received_idx" ON "unmatched_provider_refunds" USING btree ("received_at");--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_id_key" ON "payments" USING btree ("provider","provider_payment_id");
