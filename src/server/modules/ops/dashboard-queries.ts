import { sql, type SQL } from 'drizzle-orm';
import type { DashboardQuery } from '../../../contracts/dashboards.js';
import type { Executor } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

// Dashboard figures straight from SQL over indexed columns (migration 0009): each query reads
// only the rows of the chosen days (and shop), so a year of data stays well under a second.

/** The half-open time range [from 00:00, day after `to` 00:00) on the Shanghai calendar. */
function range(column: SQL, q: DashboardQuery): SQL {
  return sql`${column} >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND ${column} < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
}

function shop(column: SQL, q: DashboardQuery): SQL {
  return q.shopId === undefined ? sql`TRUE` : sql`${column} = ${q.shopId}`;
}

/**
 * 取消原因: cancellations per Shanghai day and reason code, from the cancellations ledger alone
 * (unpaid orders closed at their payment deadline are in it, as `payment_timeout`).
 */
export async function cancellationsPerDay(db: Executor, q: DashboardQuery) {
  const rows = await queryRows<{ day: string; reason_code: string; n: number }>(
    db,
    sql`SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
          reason_code, count(*)::int AS n
        FROM cancellations
        WHERE ${range(sql`created_at`, q)} AND ${shop(sql`shop_id`, q)}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ day: r.day, reasonCode: r.reason_code, count: r.n }));
}

/** 商品取消率: cancelled units / ordered units per product, over orders placed in the range. */
export async function productCancelRates(db: Executor, q: DashboardQuery, limit = 20) {
  const rows = await queryRows<{
    product_id: string;
    title: string;
    ordered: number;
    cancelled: number;
  }>(
    db,
    sql`SELECT l.product_id::text AS product_id, min(l.title) AS title,
          sum(l.qty_ordered)::int AS ordered, sum(l.qty_cancelled)::int AS cancelled
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE ${range(sql`o.created_at`, q)} AND ${shop(sql`o.shop_id`, q)}
        GROUP BY l.product_id`,
  );
  const all = rows.map((r) => ({
    productId: Number(r.product_id),
    title: r.title,
    orderedUnits: r.ordered,
    cancelledUnits: r.cancelled,
    rate: r.ordered === 0 ? 0 : r.cancelled / r.ordered,
  }));
  const orderedUnits = all.reduce((n, r) => n + r.orderedUnits, 0);
  const cancelledUnits = all.reduce((n, r) => n + r.cancelledUnits, 0);
  all.sort(
    (a, b) => b.rate - a.rate || b.cancelledUnits - a.cancelledUnits || a.productId - b.productId,
  );
  return { rows: all.slice(0, limit), orderedUnits, cancelledUnits };
}

/** 退款时效: request to arrival per channel, median and p90, against the promised latest time. */
export async function refundTimesByChannel(db: Executor, q: DashboardQuery) {
  const rows = await queryRows<{
    channel: string;
    n: number;
    p50: number;
    p90: number;
    promised: number;
    on_time: number;
  }>(
    db,
    sql`SELECT channel, count(*)::int AS n,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM arrived_at - created_at))::float8 AS p50,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM arrived_at - created_at))::float8 AS p90,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM expected_latest - created_at))::float8 AS promised,
          (count(*) FILTER (WHERE arrived_at <= expected_latest))::int AS on_time
        FROM refunds
        WHERE status = 'succeeded' AND arrived_at IS NOT NULL
          -- A 线下退款 is recorded after staff paid it out by hand: it took no time on a channel.
          AND source <> 'offline'
          AND ${range(sql`created_at`, q)} AND ${shop(sql`shop_id`, q)}
        GROUP BY channel ORDER BY channel`,
  );
  return rows.map((r) => ({
    channel: r.channel,
    count: r.n,
    p50Seconds: Math.round(r.p50),
    p90Seconds: Math.round(r.p90),
    promisedSeconds: Math.round(r.promised),
    onTime: r.on_time,
  }));
}

interface SlaCounts {
  total: number;
  met: number;
  open: number;
}
const withMissed = (r: SlaCounts | undefined) => {
  const c = r ?? { total: 0, met: 0, open: 0 };
  return { total: c.total, met: c.met, open: c.open, missed: c.total - c.met - c.open };
};

/**
 * SLA compliance. 申请取消: met when the merchant decided before the deadline; auto-approved or
 * overdue is missed; pending within the deadline is open. 退款审核: met when approved or rejected
 * within the review SLA of the time it entered 待审核. 留言: met when answered by the deadline.
 */
export async function slaCompliance(
  db: Executor,
  q: DashboardQuery,
  now: Date,
  reviewSlaHours: number,
) {
  const at = now.toISOString();
  const [requests] = await queryRows<SlaCounts>(
    db,
    sql`SELECT count(*)::int AS total,
          (count(*) FILTER (WHERE status IN ('approved', 'rejected')
                             AND decided_at <= sla_deadline))::int AS met,
          (count(*) FILTER (WHERE status = 'pending' AND sla_deadline >= ${at}::timestamptz))::int
            AS open
        FROM cancellation_requests
        WHERE ${range(sql`requested_at`, q)} AND ${shop(sql`shop_id`, q)}`,
  );
  const [reviews] = await queryRows<SlaCounts>(
    db,
    sql`SELECT count(*)::int AS total,
          (count(*) FILTER (WHERE d.decided_at <= v.asked_at + ${reviewSlaHours} * interval '1 hour'))::int AS met,
          (count(*) FILTER (WHERE d.decided_at IS NULL
                             AND ${at}::timestamptz <= v.asked_at + ${reviewSlaHours} * interval '1 hour'))::int AS open
        FROM (SELECT refund_id, min(created_at) AS asked_at FROM refund_events
              WHERE status = 'pending_review' AND ${range(sql`created_at`, q)}
              GROUP BY refund_id) v
        JOIN refunds r ON r.id = v.refund_id AND ${shop(sql`r.shop_id`, q)}
        LEFT JOIN LATERAL (
          SELECT min(x.created_at) AS decided_at FROM refund_events x
          WHERE x.refund_id = v.refund_id AND x.status IN ('approved', 'rejected')
            AND x.created_at >= v.asked_at) d ON TRUE`,
  );
  // 留言: met when answered by its reply deadline; a shop's view counts those about its orders.
  const [messages] = await queryRows<SlaCounts>(
    db,
    sql`SELECT count(*)::int AS total,
          (count(*) FILTER (WHERE m.answered_at <= m.reply_due_at))::int AS met,
          (count(*) FILTER (WHERE m.answered_at IS NULL
                             AND m.reply_due_at >= ${at}::timestamptz))::int AS open
        FROM support_board_messages m LEFT JOIN orders o ON o.id = m.order_id
        WHERE ${range(sql`m.created_at`, q)} AND ${shop(sql`o.shop_id`, q)}`,
  );
  return {
    cancellationRequests: withMissed(requests),
    refundReviews: withMissed(reviews),
    messages: withMissed(messages),
  };
}

/** 退款异常: refunds of the range now stuck (approved/in progress past their latest date) or failed. */
export async function refundProblems(db: Executor, q: DashboardQuery, now: Date, limit = 20) {
  const at = now.toISOString();
  const problem = sql`((status IN ('approved', 'processing') AND expected_latest < ${at}::timestamptz)
    OR status = 'failed')`;
  const byChannel = await queryRows<{ channel: string; stuck: number; failed: number }>(
    db,
    sql`SELECT channel,
          (count(*) FILTER (WHERE status <> 'failed'))::int AS stuck,
          (count(*) FILTER (WHERE status = 'failed'))::int AS failed
        FROM refunds
        WHERE status IN ('approved', 'processing', 'failed') AND ${problem}
          AND ${range(sql`created_at`, q)} AND ${shop(sql`shop_id`, q)}
        GROUP BY channel ORDER BY channel`,
  );
  const oldest = await queryRows<{
    id: string;
    order_no: string;
    channel: string;
    status: string;
    amount_fen: string;
    expected_latest: string | Date;
    failure_reason: string | null;
  }>(
    db,
    sql`SELECT r.id::text AS id, o.order_no, r.channel, r.status, r.amount_fen::text AS amount_fen,
          r.expected_latest, r.failure_reason
        FROM refunds r JOIN orders o ON o.id = r.order_id
        WHERE r.status IN ('approved', 'processing', 'failed')
          AND ((r.status IN ('approved', 'processing') AND r.expected_latest < ${at}::timestamptz)
               OR r.status = 'failed')
          AND ${range(sql`r.created_at`, q)} AND ${shop(sql`r.shop_id`, q)}
        ORDER BY r.created_at, r.id LIMIT ${limit}`,
  );
  return {
    byChannel,
    oldest: oldest.map((r) => ({
      refundId: Number(r.id),
      orderNo: r.order_no,
      channel: r.channel,
      status: r.status,
      amountFen: Number(r.amount_fen),
      expectedLatest: new Date(r.expected_latest).toISOString(),
      failureReason: r.failure_reason,
    })),
  };
}
