import type pg from 'pg';

export interface DatasetOptions {
  orders: number;
  shoppers: number;
  /** Every n-th order belongs to shopper 1 (the "big shopper"). */
  bigShopperEvery: number;
  passwordHash: string;
  shops?: number;
  /** Seconds between consecutive orders (default 315: 200,000 orders span two years). */
  spacingSeconds?: number;
}

/**
 * Set-based generation of a realistic order history (INSERT … SELECT generate_series), within
 * the schema's checks: payable = goods − discount + shipping, line discounts prorated and summing
 * to the order discount, line buckets (cancelled + shipped ≤ ordered, returned ≤ shipped), and
 * refunds ≤ what the line paid. Order ids grow with created_at, as when placed one by one.
 *
 * Status by age: the last 30 minutes are pending or paid, the last 2 days are being shipped, the
 * last 10 days mostly shipped or completed, older orders completed (80%) or cancelled (20%, a
 * quarter of them after payment and refunded); 2% of old completed orders have an after-sales
 * refund of their first line. Only orders and their lines are generated: no timeline, payments,
 * stock movements or outbox rows.
 */
export async function generateOrders(client: pg.Client, o: DatasetOptions): Promise<void> {
  const shops = o.shops ?? 20;
  const perShop = 10;
  await client.query('BEGIN');
  await client.query('SELECT setseed(0.42)');
  await client.query(
    `INSERT INTO shops (id, name, name_en, shipping_fee_fen, free_shipping_over_fen,
                        promo_threshold_fen, promo_discount_fen)
     SELECT s, '店铺' || s, 'Shop ' || s,
            CASE WHEN s % 3 = 0 THEN 0 ELSE 800 END,
            CASE WHEN s % 3 = 1 THEN 9900 END,
            CASE WHEN s % 4 = 0 THEN 20000 END,
            CASE WHEN s % 4 = 0 THEN 2000 ELSE 0 END
     FROM generate_series(1, $1::int) s`,
    [shops],
  );
  await client.query(
    `INSERT INTO products (id, shop_id, title, title_en, image_hue, policy_kind, fee_kind, fee_value)
     SELECT p, 1 + (p - 1) / $2::int, '商品' || p, 'Product ' || p, (p * 37) % 360,
            (ARRAY['full_refund', 'refund_minus_fee', 'no_refund_after_shipment',
                   'non_cancellable'])[1 + p % 4],
            CASE WHEN p % 4 = 1 THEN 'percent' END,
            CASE WHEN p % 4 = 1 THEN 500 ELSE 0 END
     FROM generate_series(1, $1::int * $2::int) p`,
    [shops, perShop],
  );
  await client.query(
    `INSERT INTO variants (id, product_id, shop_id, name, name_en, price_fen, stock_available)
     SELECT id, id, shop_id, '标准款', 'Standard', 990 + (id * 1237) % 30000, 100000
     FROM products`,
  );
  await client.query(
    `INSERT INTO users (id, email, mobile, password_hash, display_name, role, email_verified_at)
     SELECT u, 'shopper' || u || '@bench.test', '138' || lpad(u::text, 8, '0'), $2,
            '买家' || u, 'shopper', now()
     FROM generate_series(1, $1::int) u`,
    [o.shoppers, o.passwordHash],
  );

  // One row per order: owner, shop, line count, time, status and whether it was paid.
  await client.query(
    `CREATE TEMP TABLE gen_orders ON COMMIT DROP AS
     WITH base AS (
       SELECT g AS id,
              CASE WHEN g % $2::int = 0 THEN 1 ELSE 2 + floor(random() * ($3::int - 1))::int END
                AS shopper_id,
              1 + floor(random() * $4::int)::int AS shop_id,
              1 + floor(power(random(), 1.6) * 3)::int AS n_lines,
              now() - ($1::int - g) * $5::int * interval '1 second'
                - random() * $5::int * interval '0.95 second'
                AS created_at,
              random() AS r
       FROM generate_series(1, $1::int) g
     ), aged AS (SELECT *, now() - created_at AS age FROM base)
     SELECT *,
       CASE
         WHEN age < interval '30 minutes' THEN
           CASE WHEN r < 0.5 THEN 'pending_payment' ELSE 'awaiting_shipment' END
         WHEN age < interval '2 days' THEN
           CASE WHEN r < 0.1 THEN 'cancelled' WHEN r < 0.55 THEN 'awaiting_shipment'
                ELSE 'shipped' END
         WHEN age < interval '10 days' THEN
           CASE WHEN r < 0.1 THEN 'cancelled' WHEN r < 0.2 THEN 'awaiting_shipment'
                WHEN r < 0.7 THEN 'shipped' ELSE 'completed' END
         ELSE CASE WHEN r < 0.2 THEN 'cancelled' ELSE 'completed' END
       END AS status,
       age >= interval '10 days' AND (r < 0.05 OR r > 0.98) AS refunded,
       -- Steps between lifecycle timestamps: all stay before now().
       least(age / 5, interval '1 day') AS step
     FROM aged`,
    [o.orders, o.bigShopperEvery, o.shoppers, shops, o.spacingSeconds ?? 315],
  );
  await client.query(
    `ALTER TABLE gen_orders ADD COLUMN paid boolean;
     UPDATE gen_orders SET paid = status <> 'pending_payment' AND (status <> 'cancelled' OR refunded)`,
  );

  // Lines: distinct variants of the order's shop, 1–3 units each.
  await client.query(
    `CREATE TEMP TABLE gen_lines ON COMMIT DROP AS
     SELECT o.id AS order_id, o.shopper_id, k, v.id AS variant_id, v.price_fen,
            1 + floor(random() * 3)::int AS qty
     FROM gen_orders o
     CROSS JOIN LATERAL generate_series(1, o.n_lines) k
     JOIN variants v ON v.id = (o.shop_id - 1) * $1::int + 1 + (o.id * 3 + k * 7) % $1::int`,
    [perShop],
  );
  // Pricing as priceOrder does it: 满减 discount, shipping unless free over a threshold.
  await client.query(
    `CREATE TEMP TABLE gen_prices ON COMMIT DROP AS
     WITH g AS (SELECT order_id, sum(price_fen * qty) AS goods FROM gen_lines GROUP BY order_id)
     SELECT g.order_id, g.goods,
            CASE WHEN s.promo_threshold_fen IS NOT NULL AND g.goods >= s.promo_threshold_fen
                 THEN least(s.promo_discount_fen, g.goods) ELSE 0 END AS discount,
            CASE WHEN s.free_shipping_over_fen IS NOT NULL AND g.goods >= s.free_shipping_over_fen
                 THEN 0 ELSE s.shipping_fee_fen END AS shipping
     FROM g JOIN gen_orders o ON o.id = g.order_id JOIN shops s ON s.id = o.shop_id`,
  );

  await client.query(
    `INSERT INTO orders (id, order_no, shopper_id, shop_id, status, goods_fen, discount_fen,
                         shipping_fen, payable_fen, paid_fen, payment_channel, payment_deadline,
                         receiver_name, receiver_phone, receiver_address, carrier, tracking_no,
                         refund_status, created_at, paid_at, preparing_at, shipped_at,
                         delivered_at, completed_at, cancelled_at)
     SELECT o.id,
            to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
              || lpad((o.shopper_id % 100)::text, 2, '0')
              || lpad(((o.id::bigint * 61803399 + 27182818) % 100000000)::text, 8, '0'),
            o.shopper_id, o.shop_id, o.status, p.goods, p.discount, p.shipping,
            p.goods - p.discount + p.shipping,
            CASE WHEN o.paid THEN p.goods - p.discount + p.shipping ELSE 0 END,
            CASE WHEN o.paid THEN (ARRAY['alipay', 'wechat', 'balance', 'card'])[1 + o.id % 4] END,
            o.created_at + interval '30 minutes',
            '买家' || o.shopper_id, '138' || lpad(o.shopper_id::text, 8, '0'),
            '上海市浦东新区世纪大道 ' || o.shopper_id || ' 号',
            CASE WHEN o.status IN ('shipped', 'completed') THEN 'SF' END,
            CASE WHEN o.status IN ('shipped', 'completed') THEN 'SF' || lpad(o.id::text, 12, '0') END,
            CASE WHEN o.refunded THEN 'refunded' END,
            o.created_at,
            CASE WHEN o.paid THEN o.created_at + o.step * 0.05 END,
            CASE WHEN o.status IN ('shipped', 'completed')
                   OR (o.status = 'awaiting_shipment' AND o.id % 2 = 0)
                 THEN o.created_at + o.step END,
            CASE WHEN o.status IN ('shipped', 'completed') THEN o.created_at + o.step * 2 END,
            CASE WHEN o.status = 'completed' THEN o.created_at + o.step * 3 END,
            CASE WHEN o.status = 'completed' THEN o.created_at + o.step * 4 END,
            CASE WHEN o.status = 'cancelled' THEN o.created_at + o.step * 1.5 END
     FROM gen_orders o JOIN gen_prices p ON p.order_id = o.id`,
  );
  // Line discount shares: floor of the pro-rata share, the remainder on the first line.
  await client.query(
    `INSERT INTO order_lines (order_id, shopper_id, product_id, variant_id, title, title_en,
                              variant_name, variant_name_en, image_hue, unit_price_fen,
                              qty_ordered, qty_cancelled, qty_shipped, qty_returned, qty_after_sales,
                              discount_fen, refunded_fen, policy)
     WITH shares AS (
       SELECT l.*, o.status, o.refunded, p.discount,
              floor(p.discount * l.price_fen * l.qty / p.goods)::bigint AS share
       FROM gen_lines l JOIN gen_orders o ON o.id = l.order_id
       JOIN gen_prices p ON p.order_id = l.order_id
     ), lines AS (
       SELECT *, share + CASE WHEN k = 1
                   THEN discount - sum(share) OVER (PARTITION BY order_id) ELSE 0 END AS disc
       FROM shares
     )
     SELECT l.order_id, l.shopper_id, pr.id, v.id, pr.title, pr.title_en, v.name, v.name_en,
            pr.image_hue, l.price_fen, l.qty,
            CASE WHEN l.status = 'cancelled' THEN l.qty ELSE 0 END,
            CASE WHEN l.status IN ('shipped', 'completed') THEN l.qty ELSE 0 END,
            CASE WHEN l.status = 'completed' AND l.refunded AND l.k = 1 THEN l.qty ELSE 0 END,
            -- Returned units were refunded through after-sales.
            CASE WHEN l.status = 'completed' AND l.refunded AND l.k = 1 THEN l.qty ELSE 0 END,
            l.disc,
            CASE WHEN l.refunded AND (l.status = 'cancelled' OR l.k = 1)
                 THEN l.price_fen * l.qty - l.disc ELSE 0 END,
            jsonb_build_object('kind', pr.policy_kind, 'feeKind', pr.fee_kind,
                               'feeValue', pr.fee_value)
     FROM lines l JOIN variants v ON v.id = l.variant_id JOIN products pr ON pr.id = v.product_id
     ORDER BY l.order_id, l.k`,
  );
  for (const table of ['shops', 'products', 'variants', 'users', 'orders']) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
    );
  }
  await client.query('COMMIT');
  // A settled table, as in production: visibility map set, no autovacuum racing the benchmark.
  await client.query('VACUUM (ANALYZE) shops, products, variants, users, orders, order_lines');
}
