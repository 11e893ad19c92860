-- A re-issued refund staff pay outside the channel (refunds.payout), what each line of an
-- after-sales case got back when it was refunded (sent to the channel with the refund), and
-- payments by the channel's own trade number (a refund UnionPay made itself names the payment
-- only by its queryId).
ALTER TABLE "refunds" ADD COLUMN "payout" text;--> statement-breakpoint
ALTER TABLE "after_sales_cases" ADD COLUMN "refund_lines" jsonb;--> statement-breakpoint
CREATE INDEX "payments_provider_trade_idx" ON "payments" USING btree ("provider","provider_trade_no") WHERE "payments"."provider_trade_no" IS NOT NULL;