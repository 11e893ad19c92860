-- Unpaid orders closed at their payment deadline join the cancellations ledger (kind
-- payment_timeout), so every cancellation is counted from one table.
INSERT INTO "cancellations" ("order_id", "shopper_id", "shop_id", "request_id", "kind", "whole",
    "reason_code", "reason_text", "actor_id", "actor_role", "goods_refund_fen", "fee_fen",
    "shipping_refund_fen", "refund_fen", "created_at")
SELECT o."id", o."shopper_id", o."shop_id", NULL, 'payment_timeout', true, 'payment_timeout', NULL,
    NULL, 'system', 0, 0, 0, 0, coalesce(o."cancelled_at", o."payment_deadline")
FROM "orders" o
WHERE o."status" = 'cancelled' AND o."paid_fen" = 0
  AND NOT EXISTS (SELECT 1 FROM "cancellations" c WHERE c."order_id" = o."id");
--> statement-breakpoint
INSERT INTO "cancellation_lines" ("cancellation_id", "order_line_id", "quantity", "paid_share_fen",
    "fee_fen", "refund_fen")
SELECT c."id", l."id", l."qty_cancelled", 0, 0, 0
FROM "cancellations" c JOIN "order_lines" l ON l."order_id" = c."order_id"
WHERE c."kind" = 'payment_timeout' AND l."qty_cancelled" > 0
  AND NOT EXISTS (SELECT 1 FROM "cancellation_lines" x WHERE x."cancellation_id" = c."id");
--> statement-breakpoint
-- order.cancelled has one payload shape now: queued events of the old timeout shape get it.
UPDATE "outbox" SET "payload" = jsonb_build_object('orderId', c."order_id", 'cancellationId', c."id",
    'whole', true, 'kind', 'payment_timeout')
FROM "cancellations" c
WHERE "outbox"."topic" = 'order.cancelled' AND "outbox"."status" = 'pending'
  AND "outbox"."payload" ? 'reason' AND c."order_id" = ("outbox"."payload"->>'orderId')::bigint
  AND c."kind" = 'payment_timeout';
--> statement-breakpoint
UPDATE "outbox" SET "payload" = "payload" || jsonb_build_object('kind', coalesce(
    (SELECT c."kind" FROM "cancellations" c WHERE c."id" = ("outbox"."payload"->>'cancellationId')::bigint),
    'instant'))
WHERE "topic" = 'order.cancelled' AND "status" = 'pending' AND NOT "payload" ? 'kind';
--> statement-breakpoint
DROP INDEX "orders_unpaid_cancelled_idx";
