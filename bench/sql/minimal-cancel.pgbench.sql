-- The minimal cancellation transaction (11 round trips): lock the order, its lines and their
-- variants; move the line buckets and the stock; write the refund and a history row; mark the
-- order cancelled. bench/cancel.ts runs it with -M prepared, on the schema of
-- minimal-cancel.schema.sql in a database of its own; each client takes fresh orders as in
-- cancel.pgbench.sql (k = (n - 1) * stride + client_id + 1).
\set n :n + 1
\set k (:n - 1) * :stride + :client_id + 1
BEGIN;
SELECT id, status, paid_fen FROM orders WHERE id = :k FOR UPDATE;
SELECT id, variant_id, qty, qty_cancelled, paid_fen FROM order_lines WHERE order_id = :k ORDER BY id FOR UPDATE;
SELECT id FROM variants WHERE id IN (1 + (2 * :k) % 1000, 1 + (2 * :k + 1) % 1000) ORDER BY id FOR UPDATE;
UPDATE order_lines SET qty_cancelled = qty, refunded_fen = paid_fen WHERE order_id = :k;
UPDATE variants SET available = available + 2, reserved = reserved - 2 WHERE id = 1 + (2 * :k) % 1000;
UPDATE variants SET available = available + 1, reserved = reserved - 1 WHERE id = 1 + (2 * :k + 1) % 1000;
INSERT INTO refunds (order_id, amount_fen, status, created_at) VALUES (:k, 5000, 'approved', now());
INSERT INTO order_history (order_id, kind, created_at) VALUES (:k, 'order.cancelled', now());
UPDATE orders SET status = 'cancelled', refund_status = 'approved', cancelled_at = now() WHERE id = :k;
END;
