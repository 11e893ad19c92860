-- The smallest schema a cancellation needs: an order, its lines, stock, a refund and a history
-- row. bench/cancel.ts creates it in a database of its own, fills it (:orders orders of two
-- lines over 1,000 variants, all paid) and runs minimal-cancel.pgbench.sql against it: the
-- floor any cancel of ours is compared with.
CREATE TABLE variants (
  id bigint PRIMARY KEY,
  available int NOT NULL CHECK (available >= 0),
  reserved int NOT NULL CHECK (reserved >= 0)
);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status text NOT NULL,
  paid_fen bigint NOT NULL,
  refund_status text,
  cancelled_at timestamptz
);
CREATE TABLE order_lines (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  variant_id bigint NOT NULL REFERENCES variants (id),
  qty int NOT NULL,
  qty_cancelled int NOT NULL DEFAULT 0 CHECK (qty_cancelled <= qty),
  paid_fen bigint NOT NULL,
  refunded_fen bigint NOT NULL DEFAULT 0
);
CREATE INDEX order_lines_order_idx ON order_lines (order_id);
CREATE TABLE refunds (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  amount_fen bigint NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX refunds_order_idx ON refunds (order_id);
CREATE TABLE order_history (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  kind text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_history_order_idx ON order_history (order_id, id);
INSERT INTO variants SELECT v, 1000000, 1000000 FROM generate_series(1, 1000) v;
-- Order k has lines 2k-1 and 2k; consecutive orders use different variants.
INSERT INTO orders SELECT k, 'awaiting_shipment', 5000, NULL, NULL FROM generate_series(1, :orders) k;
INSERT INTO order_lines
  SELECT 2 * k - 1, k, 1 + (2 * k) % 1000, 2, 0, 3000, 0 FROM generate_series(1, :orders) k
  UNION ALL
  SELECT 2 * k, k, 1 + (2 * k + 1) % 1000, 1, 0, 2000, 0 FROM generate_series(1, :orders) k;
VACUUM ANALYZE;
