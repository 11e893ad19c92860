CREATE TABLE "merchant_webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" bigint NOT NULL,
	"event_id" text NOT NULL,
	"topic" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "webhook_url" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
CREATE UNIQUE INDEX "merchant_webhook_once" ON "merchant_webhook_deliveries" USING btree ("event_id","shop_id");--> statement-breakpoint
CREATE INDEX "merchant_webhook_shop_idx" ON "merchant_webhook_deliveries" USING btree ("shop_id","id");