-- Coupons (优惠券): definitions, the copies issued to shoppers and which orders each paid for;
-- orders and lines record the coupons' part of their discount.
CREATE TABLE "coupon_uses" (
	"shopper_coupon_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"discount_fen" bigint NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	"returned_at" timestamp with time zone,
	CONSTRAINT "coupon_uses_shopper_coupon_id_order_id_pk" PRIMARY KEY("shopper_coupon_id","order_id"),
	CONSTRAINT "coupon_uses_discount" CHECK ("coupon_uses"."discount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"shop_id" bigint,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"kind" text NOT NULL,
	"threshold_fen" bigint DEFAULT 0 NOT NULL,
	"amount_off_fen" bigint DEFAULT 0 NOT NULL,
	"percent_off" integer DEFAULT 0 NOT NULL,
	"cap_fen" bigint,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"created_by" bigint,
	"created_role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_scope_shop" CHECK (("coupons"."scope" = 'shop') = ("coupons"."shop_id" IS NOT NULL)),
	CONSTRAINT "coupons_amounts" CHECK ("coupons"."threshold_fen" >= 0 AND (("coupons"."kind" = 'amount_off' AND "coupons"."amount_off_fen" > 0) OR ("coupons"."kind" = 'percent_off' AND "coupons"."percent_off" BETWEEN 1 AND 99 AND ("coupons"."cap_fen" IS NULL OR "coupons"."cap_fen" > 0)))),
	CONSTRAINT "coupons_window" CHECK ("coupons"."valid_from" < "coupons"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "shopper_coupons" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"coupon_id" bigint NOT NULL,
	"shopper_id" bigint NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"issued_by" bigint,
	"issued_role" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"returned_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "coupon_discount_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shop_coupon_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "platform_coupon_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coupon_uses" ADD CONSTRAINT "coupon_uses_shopper_coupon_id_shopper_coupons_id_fk" FOREIGN KEY ("shopper_coupon_id") REFERENCES "public"."shopper_coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_uses" ADD CONSTRAINT "coupon_uses_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_coupons" ADD CONSTRAINT "shopper_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_coupons" ADD CONSTRAINT "shopper_coupons_shopper_id_users_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coupon_uses_order_idx" ON "coupon_uses" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "coupons_shop_idx" ON "coupons" USING btree ("shop_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shopper_coupons_once" ON "shopper_coupons" USING btree ("coupon_id","shopper_id");--> statement-breakpoint
CREATE INDEX "shopper_coupons_shopper_idx" ON "shopper_coupons" USING btree ("shopper_id","id");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_coupon" CHECK ("order_lines"."coupon_discount_fen" >= 0 AND "order_lines"."coupon_discount_fen" <= "order_lines"."discount_fen");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_coupons" CHECK ("orders"."shop_coupon_fen" >= 0 AND "orders"."platform_coupon_fen" >= 0 AND "orders"."shop_coupon_fen" + "orders"."platform_coupon_fen" <= "orders"."discount_fen");