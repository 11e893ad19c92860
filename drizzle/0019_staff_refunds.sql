ALTER TABLE "cancellation_lines" DROP CONSTRAINT "cancellation_lines_money";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "price_protected_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cancellation_lines" ADD COLUMN "already_refunded_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "source" text DEFAULT 'order' NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "offline_method" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "offline_reference" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_price_protected" CHECK ("order_lines"."price_protected_fen" >= 0 AND "order_lines"."price_protected_fen" <= "order_lines"."refunded_fen");--> statement-breakpoint
ALTER TABLE "cancellation_lines" ADD CONSTRAINT "cancellation_lines_money" CHECK ("cancellation_lines"."fee_fen" >= 0 AND "cancellation_lines"."already_refunded_fen" >= 0 AND "cancellation_lines"."fee_fen" + "cancellation_lines"."already_refunded_fen" <= "cancellation_lines"."paid_share_fen" AND "cancellation_lines"."refund_fen" = "cancellation_lines"."paid_share_fen" - "cancellation_lines"."fee_fen" - "cancellation_lines"."already_refunded_fen");
