import type pg from 'pg';

/**
 * Paid orders ready to be cancelled whole, generated set-based and numbered so that everything
 * about order k can be computed from k alone (the pgbench script relies on it):
 *
 * - shopper k (user id k), with a server-side session whose cookie token is `bench-sid-k`;
 * - order id k, order number `20260101` + k on 10 digits, shop 1 + (7k mod SHOPS): consecutive
 *   orders are in different shops, so concurrent cancels do not queue on the same variant rows;
 * - two lines, ids 2k−1 and 2k: variant (shop−1)·20 + 1 + (k mod 20), 1–3 units, and variant
 *   (shop−1)·20 + 1 + ((k+7) mod 20), 1 unit; policy full_refund, no discount;
 * - paid two hours ago (outside the free-cancel window, not preparing), awaiting_shipment,
 *   channel alipay, with its succeeded payment, 'order.placed' and 'order.paid' timeline entries,
 *   and the reserve movements and reserved counters of its stock.
 *
 * Every row satisfies the schema's checks (payable = goods − discount + shipping, paid ≤
 * payable, line buckets, stock counters ≥ 0).
 */
export const SHOPS = 50;
export const VARIANTS_PER_SHOP = 20;
const STOCK = 1_000_000;

export const orderNoOf = (k: number): string => `20260101${String(k).padStart(10, '0')}`;
export const sessionTokenOf = (k: number): string => `bench-sid-${k}`;

/** 50 shops × 20 products, one variant each (variant id = product id), stock received. */
export async function seedCatalog(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO shops (id, name, name_en, shipping_fee_fen)
     SELECT s, '店铺' || s, 'Shop ' || s, CASE WHEN s % 3 = 0 THEN 0 ELSE 800 END
     FROM generate_series(1, $1::int) s`,
    [SHOPS],
  );
  await client.query(
    `INSERT INTO products (id, shop_id, title, title_en, image_hue, policy_kind)
     SELECT p, 1 + (p - 1) / $2::int, '商品' || p, 'Product ' || p, (p * 37) % 360, 'full_refund'
     FROM generate_series(1, $1::int * $2::int) p`,
    [SHOPS, VARIANTS_PER_SHOP],
  );
  await client.query(
    `INSERT INTO variants (id, product_id, shop_id, name, name_en, price_fen, stock_available)
     SELECT id, id, shop_id, '标准款', 'Standard', 990 + (id * 1237) % 30000, $1::int
     FROM products`,
    [STOCK],
  );
  await client.query(
    `INSERT INTO stock_movements (variant_id, kind, quantity)
     SELECT id, 'receive', stock_available FROM variants`,
  );
  for (const table of ['shops', 'products', 'variants'])
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
    );
  await client.query('COMMIT');
}

/** Orders from..to (inclusive), with their shoppers, sessions, lines, payments and stock. */
export async function prepareOrders(client: pg.Client, from: number, to: number): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO users (id, email, mobile, password_hash, display_name, role)
     SELECT k, 'c' || k || '@bench.test', '139' || lpad(k::text, 8, '0'), 'not-a-hash',
            '买家' || k, 'shopper'
     FROM generate_series($1::int, $2::int) k`,
    [from, to],
  );
  // The session cookie is the token; the table keeps its sha256 (hashToken in session.ts).
  await client.query(
    `INSERT INTO sessions (id_hash, user_id, expires_at)
     SELECT encode(sha256(convert_to('bench-sid-' || k, 'UTF8')), 'hex'), k,
            now() + interval '1 day'
     FROM generate_series($1::int, $2::int) k`,
    [from, to],
  );
  await client.query(
    `CREATE TEMP TABLE gen_lines ON COMMIT DROP AS
     WITH o AS (SELECT k, 1 + (k * 7) % $3::int AS shop_id FROM generate_series($1::int, $2::int) k)
     SELECT o.k, o.shop_id, 2 * o.k - 2 + n AS line_id,
            (o.shop_id - 1) * $4::int + 1 + (o.k + CASE WHEN n = 1 THEN 0 ELSE 7 END) % $4::int
              AS variant_id,
            CASE WHEN n = 1 THEN 1 + o.k % 3 ELSE 1 END AS qty
     FROM o CROSS JOIN generate_series(1, 2) n`,
    [from, to, SHOPS, VARIANTS_PER_SHOP],
  );
  await client.query(
    `INSERT INTO orders (id, order_no, shopper_id, shop_id, status, goods_fen, discount_fen,
                         shipping_fen, payable_fen, paid_fen, payment_channel, payment_deadline,
                         receiver_name, receiver_phone, receiver_address, created_at, paid_at)
     SELECT g.k, '20260101' || lpad(g.k::text, 10, '0'), g.k, g.shop_id, 'awaiting_shipment',
            g.goods, 0, s.shipping_fee_fen, g.goods + s.shipping_fee_fen,
            g.goods + s.shipping_fee_fen, 'alipay',
            now() - interval '2 hours' + interval '30 minutes',
            '买家' || g.k, '139' || lpad(g.k::text, 8, '0'),
            '上海市浦东新区世纪大道 ' || g.k || ' 号',
            now() - interval '2 hours', now() - interval '2 hours' + interval '1 minute'
     FROM (SELECT l.k, l.shop_id, sum(v.price_fen * l.qty) AS goods
           FROM gen_lines l JOIN variants v ON v.id = l.variant_id GROUP BY l.k, l.shop_id) g
     JOIN shops s ON s.id = g.shop_id`,
  );
  await client.query(
    `INSERT INTO order_lines (id, order_id, shopper_id, product_id, variant_id, title, title_en,
                              variant_name, variant_name_en, image_hue, unit_price_fen,
                              qty_ordered, discount_fen, policy)
     SELECT l.line_id, l.k, l.k, p.id, v.id, p.title, p.title_en, v.name, v.name_en,
            p.image_hue, v.price_fen, l.qty, 0,
            jsonb_build_object('kind', p.policy_kind, 'feeKind', p.fee_kind,
                               'feeValue', p.fee_value)
     FROM gen_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
     ORDER BY l.line_id`,
  );
  await client.query(
    `INSERT INTO payments (order_id, idempotency_key, provider_payment_id, amount_fen, channel,
                           status, created_at, succeeded_at)
     SELECT id, 'bench-pay-' || id, 'pay_bench_' || id, paid_fen, 'alipay', 'succeeded',
            created_at, paid_at
     FROM orders WHERE id BETWEEN $1 AND $2`,
    [from, to],
  );
  await client.query(
    `INSERT INTO order_events (order_id, kind, actor_id, actor_role, data, created_at)
     SELECT id, 'order.placed', shopper_id, 'shopper',
            jsonb_build_object('payableFen', payable_fen), created_at
     FROM orders WHERE id BETWEEN $1 AND $2
     UNION ALL
     SELECT id, 'order.paid', NULL, 'system',
            jsonb_build_object('channel', 'alipay', 'amountFen', paid_fen), paid_at
     FROM orders WHERE id BETWEEN $1 AND $2
     ORDER BY 1, 6`,
    [from, to],
  );
  await client.query(
    `INSERT INTO stock_movements (variant_id, kind, quantity, order_id, order_line_id, created_at)
     SELECT variant_id, 'reserve', qty, k, line_id, now() - interval '2 hours'
     FROM gen_lines ORDER BY line_id`,
  );
  await client.query(
    `UPDATE variants v SET stock_available = v.stock_available - r.qty,
                           stock_reserved = v.stock_reserved + r.qty
     FROM (SELECT variant_id, sum(qty)::int AS qty FROM gen_lines GROUP BY variant_id) r
     WHERE v.id = r.variant_id`,
  );
  for (const table of ['users', 'orders', 'order_lines'])
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
    );
  await client.query('COMMIT');
}
