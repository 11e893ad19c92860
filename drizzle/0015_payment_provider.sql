-- Each payment names the provider that takes its money (existing rows: the sandbox) and, once
-- paid, the channel's own trade number.
ALTER TABLE "payments" ADD COLUMN "provider" text DEFAULT 'sandbox' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_trade_no" text;