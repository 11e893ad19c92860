import type pg from 'pg';

/**
 * What the operations dashboards read, generated set-based over orders from generateOrders():
 * a cancellation (with reason) for every cancelled order, 申请取消 requests (decided in time,
 * late, auto-approved, rejected or still open), and a refund for every refunded order with its
 * channel, review, expected and actual arrival, and events; 留言 with reply deadlines.
 * Deterministic for a given seed.
 */
export async function generateOpsHistory(client: pg.Client, seed = 0.17): Promise<void> {
  await client.query('BEGIN');
  await client.query('SELECT setseed($1)', [seed]);
  // One row per cancelled order: how it was cancelled and why.
  await client.query(
    `CREATE TEMP TABLE gen_cancel ON COMMIT DROP AS
     WITH c AS (
       SELECT o.id AS order_id, o.shopper_id, o.shop_id, o.paid_fen, o.cancelled_at, o.created_at,
              o.payment_deadline, random() AS r, random() AS r2
       FROM orders o WHERE o.status = 'cancelled'
     )
     SELECT *,
       CASE WHEN paid_fen = 0 THEN CASE WHEN r < 0.5 THEN 'payment_timeout' ELSE 'instant' END
            WHEN r < 0.6 THEN 'instant' WHEN r < 0.9 THEN 'request_approved'
            ELSE 'request_auto_approved' END AS kind,
       CASE WHEN r2 < 0.35 THEN 'changed_mind' WHEN r2 < 0.55 THEN 'price'
            WHEN r2 < 0.70 THEN 'logistics_delay' WHEN r2 < 0.80 THEN 'info_mismatch'
            WHEN r2 < 0.95 THEN 'personal' ELSE 'other' END AS reason
     FROM c`,
  );
  await client.query(
    `UPDATE gen_cancel SET reason = 'payment_timeout' WHERE kind = 'payment_timeout'`,
  );
  // 申请取消 behind the request kinds; 5% of approvals came after the deadline.
  await client.query(
    `INSERT INTO cancellation_requests (order_id, shopper_id, shop_id, status, selection, whole,
        reason_code, reason_text, requested_by, requested_role, requested_at, sla_deadline,
        decided_by, decided_role, decided_at)
     SELECT order_id, shopper_id, shop_id,
            CASE WHEN kind = 'request_approved' THEN 'approved' ELSE 'auto_approved' END,
            '"all"'::jsonb, true, reason, CASE WHEN reason = 'other' THEN '不需要了' END,
            shopper_id, 'shopper', req_at, req_at + interval '24 hours',
            NULL, CASE WHEN kind = 'request_approved' THEN 'merchant' ELSE 'system' END,
            cancelled_at
     FROM (SELECT *, CASE WHEN kind = 'request_auto_approved' THEN cancelled_at - interval '24 hours'
                          WHEN r2 < 0.05 THEN cancelled_at - interval '30 hours'
                          ELSE cancelled_at - (r2 * 20 + 0.1) * interval '1 hour' END AS req_at
           FROM gen_cancel WHERE kind IN ('request_approved', 'request_auto_approved')) x`,
  );
  // Rejected requests on orders that went on to be delivered, and open ones on fresh orders.
  await client.query(
    `INSERT INTO cancellation_requests (order_id, shopper_id, shop_id, status, selection, whole,
        reason_code, requested_by, requested_role, requested_at, sla_deadline, decided_role,
        decided_at, decision_reason)
     SELECT id, shopper_id, shop_id, 'rejected', '"all"'::jsonb, true, 'changed_mind', shopper_id,
            'shopper', paid_at + interval '1 hour', paid_at + interval '25 hours', 'merchant',
            paid_at + interval '5 hours', '已发货'
     FROM orders WHERE status = 'completed' AND id % 50 = 7`,
  );
  await client.query(
    `INSERT INTO cancellation_requests (order_id, shopper_id, shop_id, status, selection, whole,
        reason_code, requested_by, requested_role, requested_at, sla_deadline)
     SELECT id, shopper_id, shop_id, 'pending', '"all"'::jsonb, true, 'personal', shopper_id,
            'shopper', paid_at + interval '1 minute', paid_at + interval '24 hours 1 minute'
     FROM orders WHERE status = 'awaiting_shipment' AND paid_at IS NOT NULL AND id % 10 = 3`,
  );
  await client.query(
    `INSERT INTO cancellations (order_id, shopper_id, shop_id, request_id, kind, whole, reason_code,
        reason_text, actor_id, actor_role, goods_refund_fen, fee_fen, shipping_refund_fen,
        refund_fen, created_at)
     SELECT c.order_id, c.shopper_id, c.shop_id, q.id, c.kind, true, c.reason,
            CASE WHEN c.reason = 'other' THEN '不需要了' END,
            CASE WHEN c.kind IN ('instant') THEN c.shopper_id END,
            CASE WHEN c.kind = 'instant' THEN 'shopper' WHEN c.kind = 'request_approved'
                 THEN 'merchant' ELSE 'system' END,
            c.paid_fen, 0, 0, c.paid_fen, c.cancelled_at
     FROM gen_cancel c
     LEFT JOIN cancellation_requests q ON q.order_id = c.order_id AND q.status <> 'rejected'`,
  );

  // Refunds: cancelled-and-paid orders (from their cancellation) and after-sales refunds.
  await client.query(
    `CREATE TEMP TABLE gen_refunds ON COMMIT DROP AS
     WITH src AS (
       SELECT o.id AS order_id, o.shopper_id, o.shop_id, c.id AS cancellation_id, c.refund_fen AS amount,
              o.payment_channel AS channel, c.created_at
       FROM cancellations c JOIN orders o ON o.id = c.order_id WHERE c.refund_fen > 0
       UNION ALL
       SELECT o.id, o.shopper_id, o.shop_id, NULL, l.refunded, o.payment_channel,
              o.completed_at - (o.completed_at - o.delivered_at) / 2
       FROM orders o JOIN LATERAL (SELECT sum(refunded_fen) AS refunded FROM order_lines
                                   WHERE order_id = o.id) l ON TRUE
       WHERE o.status = 'completed' AND l.refunded > 0
     )
     SELECT src.*, random() AS r, random() AS r2, random() AS r3,
            (random() < 0.05) AS reviewed
     FROM src WHERE amount > 0 AND channel IS NOT NULL`,
  );
  await client.query(
    `ALTER TABLE gen_refunds ADD COLUMN status text, ADD COLUMN approved_at timestamptz,
       ADD COLUMN earliest timestamptz, ADD COLUMN latest timestamptz, ADD COLUMN arrived timestamptz;
     UPDATE gen_refunds SET
       status = CASE WHEN r < 0.94 THEN 'succeeded' WHEN r < 0.96 THEN 'failed'
                     WHEN r < 0.98 THEN 'processing' ELSE 'approved' END,
       approved_at = CASE WHEN reviewed THEN created_at + (1 + r2 * 35) * interval '1 hour'
                          ELSE created_at END;
     UPDATE gen_refunds SET
       earliest = CASE channel WHEN 'card' THEN approved_at + interval '1 day' ELSE approved_at END,
       latest = CASE channel WHEN 'balance' THEN approved_at
                             WHEN 'card' THEN approved_at + interval '3 days'
                             ELSE approved_at + interval '10 minutes' END,
       arrived = CASE WHEN status <> 'succeeded' THEN NULL
                      WHEN channel = 'balance' THEN approved_at + r3 * interval '5 seconds'
                      WHEN channel = 'card' THEN approved_at + (0.8 + r3 * 3) * interval '1 day'
                      ELSE approved_at + (20 + power(r3, 3) * 1500) * interval '1 second' END;
     -- Nothing arrives in the future.
     UPDATE gen_refunds SET status = 'processing', arrived = NULL WHERE arrived > now();`,
  );
  await client.query(
    `INSERT INTO refunds (order_id, shopper_id, shop_id, cancellation_id, amount_fen, channel, status,
        attempt, provider_key, failure_reason, submitted_at, arrived_at, review_reasons,
        expected_earliest, expected_latest, created_at, updated_at)
     SELECT order_id, shopper_id, shop_id, cancellation_id, amount, channel, status, 1,
            'bench-' || order_id || '-' || coalesce(cancellation_id, 0),
            CASE WHEN status = 'failed' THEN 'card_closed' END, approved_at, arrived,
            CASE WHEN reviewed THEN '["amount"]'::jsonb ELSE '[]'::jsonb END,
            earliest, latest, created_at, coalesce(arrived, approved_at)
     FROM gen_refunds ORDER BY created_at`,
  );
  await client.query(
    `INSERT INTO refund_events (refund_id, status, actor_role, reason, created_at)
     SELECT id, CASE WHEN review_reasons <> '[]'::jsonb THEN 'pending_review' ELSE 'approved' END,
            'system', NULL, created_at FROM refunds WHERE provider_key LIKE 'bench-%'
     UNION ALL
     SELECT id, 'approved', 'operator', NULL, submitted_at FROM refunds
       WHERE provider_key LIKE 'bench-%' AND review_reasons <> '[]'::jsonb
     UNION ALL
     SELECT id, status, 'system', failure_reason, updated_at FROM refunds
       WHERE provider_key LIKE 'bench-%' AND status IN ('succeeded', 'failed', 'processing')`,
  );
  // 留言: one for about every 20th order (a few about no order), answered in time, late, or
  // not yet; the reply deadline is 24 h.
  await client.query(
    `INSERT INTO support_board_messages (shopper_id, order_id, subject, body, created_at,
        reply_due_at, answered_at)
     SELECT shopper_id, CASE WHEN r < 0.9 THEN id END, '物流咨询', '请问什么时候发货？', at,
            at + interval '24 hours',
            CASE WHEN r2 < 0.75 THEN at + (r2 * 30) * interval '1 hour'
                 WHEN r2 < 0.9 THEN at + interval '30 hours' END
     FROM (SELECT id, shopper_id, created_at + interval '2 hours' AS at, random() AS r,
                  random() AS r2
           FROM orders WHERE id % 20 = 0) m`,
  );
  await client.query('COMMIT');
  await client.query(
    'VACUUM (ANALYZE) cancellations, cancellation_requests, refunds, refund_events, support_board_messages',
  );
}
