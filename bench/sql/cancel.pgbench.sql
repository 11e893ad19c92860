-- One whole-order cancel (POST /api/v1/orders/:orderNo/cancellation, selection 'all', reason
-- 'price', with an Idempotency-Key), as the app runs it: the same statements, in the same order,
-- on the same tables, rows and locks, captured from the app by bench/cancel.ts. Run by that
-- script against orders prepared by bench/lib/cancel-dataset.ts, where everything about order k
-- follows from k (order id k, shopper k, lines 2k-1 and 2k, shop and variants, prices).
--
--   pgbench -n -c 8 -j 2 -T 20 -D base=<first order - 1> -D stride=8 -D n=0 \
--           -f bench/sql/cancel.pgbench.sql <database url>
--
-- Each client takes its own fresh orders: k = base + (n - 1) * stride + client_id + 1, n
-- counting this client's transactions (pgbench keeps variables per client), so no order is
-- cancelled twice and stride must equal the number of clients (-c). Compatible with
-- -M simple and -M extended: no variable is used inside a quoted literal.
--
-- Differences from the app, none of which changes what is read, written or locked: values the
-- app computes in JavaScript (amounts, variant ids, JSON documents) are computed here with
-- pgbench expressions or SQL functions; timestamps are now() instead of parameters; the stored
-- response is a fixed 2.5 kB document of the same shape and size as the app's (written with
-- ": " so that pgbench does not read :null as a variable).

\set n :n + 1
\set k :base + (:n - 1) * :stride + :client_id + 1
\set no 202601010000000000 + :k
\set shop 1 + (:k * 7) % 50
\set ship case when :shop % 3 = 0 then 0 else 800 end
\set l1 2 * :k - 1
\set l2 2 * :k
\set v1 (:shop - 1) * 20 + 1 + :k % 20
\set v2 (:shop - 1) * 20 + 1 + (:k + 7) % 20
\set q1 1 + :k % 3
\set p1 (990 + (:v1 * 1237) % 30000) * :q1
\set p2 990 + (:v2 * 1237) % 30000
\set goods :p1 + :p2
\set total :goods + :ship

-- onRequest hook (outside the transaction): the session behind the cookie.
select "users"."id", "users"."role", "users"."shop_id", "users"."display_name", "users"."locale" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where ("sessions"."id_hash" = encode(sha256(convert_to('bench-sid-' || :k::text, 'UTF8')), 'hex') and "sessions"."expires_at" > now()) limit 1;

begin;
-- runIdempotent: claim the key.
insert into "idempotency_keys" ("user_id", "key", "request_hash", "response_status", "response_body", "created_at") values (:k::bigint, 'bench-cancel-' || :no::text, '186fdd3aaea0735a93180cde513b96d6b1a1221f826179e0083c60cc19fc4d47', default, default, default) on conflict do nothing returning "key";
-- lockForCancellation: order, lines, open request (fixed lock order).
select "id", "order_no", "shopper_id", "shop_id", "status", "goods_fen", "discount_fen", "shipping_fen", "payable_fen", "paid_fen", "payment_channel", "payment_deadline", "receiver_name", "receiver_phone", "receiver_address", "carrier", "tracking_no", "shipping_refunded", "refund_status", "created_at", "paid_at", "preparing_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at" from "orders" where ("orders"."order_no" = :no::text and "orders"."shopper_id" = :k::bigint) limit 1 for update;
select "id", "order_id", "shopper_id", "product_id", "variant_id", "title", "title_en", "variant_name", "variant_name_en", "image_hue", "unit_price_fen", "qty_ordered", "qty_cancelled", "qty_shipped", "qty_returned", "discount_fen", "refunded_fen", "policy" from "order_lines" where "order_lines"."order_id" = :k::bigint order by "order_lines"."id" asc for update;
select "id", "order_id", "shopper_id", "shop_id", "status", "selection", "whole", "reason_code", "reason_text", "requested_by", "requested_role", "requested_at", "sla_deadline", "decided_by", "decided_role", "decided_at", "decision_reason" from "cancellation_requests" where ("cancellation_requests"."order_id" = :k::bigint and "cancellation_requests"."status" = 'pending') limit 1 for update;
-- cancellationSettings
select "key", "value", "updated_at", "updated_by" from "settings" where "settings"."key" = 'cancellation';
-- applyCancellation: the record and its lines.
insert into "cancellations" ("id", "order_id", "shopper_id", "shop_id", "request_id", "kind", "whole", "reason_code", "reason_text", "actor_id", "actor_role", "goods_refund_fen", "fee_fen", "shipping_refund_fen", "refund_fen", "created_at") values (default, :k::bigint, :k::bigint, :shop::bigint, null, 'instant', false, 'price', null, :k::bigint, 'shopper', :goods::bigint, 0, :ship::bigint, :total::bigint, now()) returning "id" \gset c_
insert into "cancellation_lines" ("cancellation_id", "order_line_id", "quantity", "paid_share_fen", "fee_fen", "refund_fen") values (:c_id::bigint, :l1::bigint, :q1::int, :p1::bigint, 0, :p1::bigint), (:c_id::bigint, :l2::bigint, 1, :p2::bigint, 0, :p2::bigint);
-- line buckets, one UPDATE per line
update "order_lines" set "qty_cancelled" = "order_lines"."qty_cancelled" + :q1::int, "refunded_fen" = "order_lines"."refunded_fen" + :p1::bigint where "order_lines"."id" = :l1::bigint;
update "order_lines" set "qty_cancelled" = "order_lines"."qty_cancelled" + 1, "refunded_fen" = "order_lines"."refunded_fen" + :p2::bigint where "order_lines"."id" = :l2::bigint;
-- lockVariants (ascending id), releaseStock (one UPDATE per variant, line order), ledger
select "id", "product_id", "shop_id", "name", "name_en", "price_fen", "stock_available", "stock_reserved", "stock_shipped" from "variants" where "variants"."id" in (:v1::bigint, :v2::bigint) order by "variants"."id" asc for update;
UPDATE variants SET stock_available = stock_available + :q1::int, stock_reserved = stock_reserved - :q1::int WHERE id = :v1::bigint;
UPDATE variants SET stock_available = stock_available + 1, stock_reserved = stock_reserved - 1 WHERE id = :v2::bigint;
insert into "stock_movements" ("id", "variant_id", "kind", "quantity", "order_id", "order_line_id", "created_at") values (default, :v1::bigint, 'release', :q1::int, :k::bigint, :l1::bigint, default), (default, :v2::bigint, 'release', 1, :k::bigint, :l2::bigint, default);
update "cancellations" set "whole" = true where "cancellations"."id" = :c_id::bigint;
-- recentCancellations (account standing), then createRefund
select count(*)::int from "cancellations" where ("cancellations"."shopper_id" = :k::bigint and "cancellations"."created_at" > now() - interval '30 days' and "cancellations"."kind" in ('instant', 'request_approved', 'request_auto_approved'));
insert into "refunds" ("id", "order_id", "shopper_id", "shop_id", "cancellation_id", "amount_fen", "channel", "status", "destination", "attempt", "provider_key", "provider_refund_id", "failure_reason", "submitted_at", "arrived_at", "review_reasons", "expected_earliest", "expected_latest", "created_at", "updated_at") values (default, :k::bigint, :k::bigint, :shop::bigint, :c_id::bigint, :total::bigint, 'alipay', 'approved', default, default, default, default, default, default, default, '[]', now(), now() + interval '10 minutes', now(), now()) returning "id", "order_id", "shopper_id", "shop_id", "cancellation_id", "amount_fen", "channel", "status", "destination", "attempt", "provider_key", "provider_refund_id", "failure_reason", "submitted_at", "arrived_at", "review_reasons", "expected_earliest", "expected_latest", "created_at", "updated_at" \gset r_
insert into "refund_events" ("id", "refund_id", "status", "actor_id", "actor_role", "reason", "created_at") values (default, :r_id::bigint, 'approved', :k::bigint, 'shopper', null, now());
update "orders" set "refund_status" = 'approved' where "orders"."id" = :k::bigint;
insert into "order_events" ("id", "order_id", "kind", "actor_id", "actor_role", "data", "created_at") values (default, :k::bigint, 'refund.created', :k::bigint, 'shopper', jsonb_build_object('refundId', :r_id::bigint, 'amountFen', :total::bigint, 'status', 'approved', 'channel', 'alipay'), now());
-- outbox.emit(refund.created): one row per consumer, then the transactional NOTIFY
insert into "outbox" ("id", "event_id", "consumer", "topic", "payload", "status", "run_at", "attempts", "max_attempts", "locked_until", "last_error", "created_at", "done_at") values (default, gen_random_uuid()::text, 'refunds.submit_created', 'refund.created', jsonb_build_object('refundId', :r_id::bigint), default, now(), default, 20, default, default, default, default) on conflict do nothing;
SELECT pg_notify('outbox_wakeup', '');
-- the order itself, timeline, audit
update "orders" set "status" = 'cancelled', "shipping_refunded" = true, "cancelled_at" = now() where "orders"."id" = :k::bigint;
insert into "order_events" ("id", "order_id", "kind", "actor_id", "actor_role", "data", "created_at") values (default, :k::bigint, 'order.cancelled', :k::bigint, 'shopper', jsonb_build_object('reasonCode', 'price', 'refundFen', :total::bigint, 'feeFen', 0, 'lines', jsonb_build_array(jsonb_build_object('lineId', :l1::bigint, 'title', '商品' || :v1::text, 'titleEn', 'Product ' || :v1::text, 'quantity', :q1::int), jsonb_build_object('lineId', :l2::bigint, 'title', '商品' || :v2::text, 'titleEn', 'Product ' || :v2::text, 'quantity', 1))), now());
insert into "audit_log" ("id", "actor_id", "actor_role", "action", "entity_type", "entity_id", "before", "after", "request_id", "created_at") values (default, :k::bigint, 'shopper', 'order.cancel.instant', 'order', :k::text, '{"status":"awaiting_shipment"}', jsonb_build_object('cancellationId', :c_id::bigint, 'whole', true, 'reasonCode', 'price', 'refundFen', :total::bigint, 'feeFen', 0, 'lines', jsonb_build_array(jsonb_build_object('lineId', :l1::bigint, 'title', '商品' || :v1::text, 'titleEn', 'Product ' || :v1::text, 'quantity', :q1::int), jsonb_build_object('lineId', :l2::bigint, 'title', '商品' || :v2::text, 'titleEn', 'Product ' || :v2::text, 'quantity', 1)), 'refundId', :r_id::bigint), gen_random_uuid()::text, default);
-- outbox.emit(order.cancelled): the shopper's notice
insert into "outbox" ("id", "event_id", "consumer", "topic", "payload", "status", "run_at", "attempts", "max_attempts", "locked_until", "last_error", "created_at", "done_at") values (default, gen_random_uuid()::text, 'notices.order.cancelled', 'order.cancelled', jsonb_build_object('orderId', :k::bigint, 'cancellationId', :c_id::bigint, 'whole', true), default, now(), default, 8, default, default, default, default) on conflict do nothing;
SELECT pg_notify('outbox_wakeup', '');
-- the response: detailOf re-reads the order, lines, shop, latest request and timeline
select "id", "order_no", "shopper_id", "shop_id", "status", "goods_fen", "discount_fen", "shipping_fen", "payable_fen", "paid_fen", "payment_channel", "payment_deadline", "receiver_name", "receiver_phone", "receiver_address", "carrier", "tracking_no", "shipping_refunded", "refund_status", "created_at", "paid_at", "preparing_at", "shipped_at", "delivered_at", "completed_at", "cancelled_at" from "orders" where ("orders"."order_no" = :no::text and "orders"."shopper_id" = :k::bigint) limit 1;
select "id", "order_id", "shopper_id", "product_id", "variant_id", "title", "title_en", "variant_name", "variant_name_en", "image_hue", "unit_price_fen", "qty_ordered", "qty_cancelled", "qty_shipped", "qty_returned", "discount_fen", "refunded_fen", "policy" from "order_lines" where "order_lines"."order_id" in (:k::bigint) order by "order_lines"."id" asc;
select "id", "name", "name_en", "shipping_fee_fen", "free_shipping_over_fen", "promo_threshold_fen", "promo_discount_fen", "created_at" from "shops" where "shops"."id" in (:shop::bigint);
select "id", "order_id", "shopper_id", "shop_id", "status", "selection", "whole", "reason_code", "reason_text", "requested_by", "requested_role", "requested_at", "sla_deadline", "decided_by", "decided_role", "decided_at", "decision_reason" from "cancellation_requests" where "cancellation_requests"."order_id" = :k::bigint order by "cancellation_requests"."id" desc limit 1;
select "id", "order_id", "kind", "actor_id", "actor_role", "data", "created_at" from "order_events" where "order_events"."order_id" = :k::bigint order by "order_events"."id" asc;
-- runIdempotent: store the response with the key.
update "idempotency_keys" set "response_status" = 200, "response_body" = '{"result": "cancelled","refund": {"id": 2,"amountFen": 92903,"channel": "alipay","status": "approved","expectedEarliest": "2026-11-26T15:52:25.421Z","expectedLatest": "2026-11-26T16:02:25.421Z","createdAt": "2026-11-26T15:52:25.421Z"},"request": null,"order": {"orderNo": "202601010000000002","status": "cancelled","preparing": false,"delivered": false,"shop": {"id": 15,"name": "店铺15","nameEn": "Shop 15"},"createdAt": "2026-11-26T13:52:24.222Z","payableFen": 92903,"paidFen": 92903,"paymentDeadline": "2026-11-26T14:22:24.222Z","refundStatus": "approved","itemCount": 4,"lines": [{"id": 3,"productId": 283,"variantId": 283,"title": "商品283","titleEn": "Product 283","variantName": "标准款","variantNameEn": "Standard","imageUrl": "/img/products/283.svg","unitPriceFen": 21061,"qtyOrdered": 3,"qtyCancelled": 3,"qtyShipped": 0,"discountFen": 0,"paidFen": 63183,"refundedFen": 63183,"policy": {"kind": "full_refund","feeKind": null,"feeValue": 0,"text": {"zh": "支持全额退款","en": "Full refund available."}}},{"id": 4,"productId": 290,"variantId": 290,"title": "商品290","titleEn": "Product 290","variantName": "标准款","variantNameEn": "Standard","imageUrl": "/img/products/290.svg","unitPriceFen": 29720,"qtyOrdered": 1,"qtyCancelled": 1,"qtyShipped": 0,"discountFen": 0,"paidFen": 29720,"refundedFen": 29720,"policy": {"kind": "full_refund","feeKind": null,"feeValue": 0,"text": {"zh": "支持全额退款","en": "Full refund available."}}}],"shopperActions": [],"merchantActions": [],"goodsFen": 92903,"discountFen": 0,"shippingFen": 0,"payment": {"channel": "alipay","paidAt": "2026-11-26T13:53:24.222Z"},"shipment": {"carrier": null,"trackingNo": null,"shippedAt": null,"deliveredAt": null,"completedAt": null},"receiver": {"name": "买家2","phone": "13900000002","address": "上海市浦东新区世纪大道 2 号"},"timeline": [{"kind": "order.placed","at": "2026-11-26T13:52:24.222Z","actorRole": "shopper","data": {"payableFen": 92903}},{"kind": "order.paid","at": "2026-11-26T13:53:24.222Z","actorRole": "system","data": {"channel": "alipay","amountFen": 92903}},{"kind": "refund.created","at": "2026-11-26T15:52:25.421Z","actorRole": "shopper","data": {"status": "approved","channel": "alipay","refundId": 2,"amountFen": 92903}},{"kind": "order.cancelled","at": "2026-11-26T15:52:25.421Z","actorRole": "shopper","data": {"lines": [{"title": "商品283","lineId": 3,"titleEn": "Product 283","quantity": 3},{"title": "商品290","lineId": 4,"titleEn": "Product 290","quantity": 1}],"feeFen": 0,"refundFen": 92903,"reasonCode": "price"}}],"cancellationRequest": null}}'::jsonb where ("idempotency_keys"."user_id" = :k::bigint and "idempotency_keys"."key" = 'bench-cancel-' || :no::text);
commit;
