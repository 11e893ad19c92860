import { asc, eq } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import type { StaffOrderQuery, StaffOrderRow } from '../../../contracts/ops-orders.js';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { orderEvents, orderLines } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';

export type StaffScope = { any: true } | { shopId: number };

interface Row {
  id: string;
  order_no: string;
  status: string;
  refund_status: string | null;
  shop_id: string;
  shop_name: string;
  shopper_name: string;
  shopper_mobile: string;
  shopper_email: string;
  receiver_name: string;
  receiver_phone: string;
  receiver_address: string;
  payment_channel: string | null;
  carrier: string | null;
  tracking_no: string | null;
  payable_fen: string;
  paid_fen: string;
  first_title: string;
  line_count: number;
  created_at: string | Date;
}

/** LIKE pattern for a literal substring. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function select(where: SQL, limit: number): SQL {
  return sql`SELECT o.id::text AS id, o.order_no, o.status, o.refund_status, o.shop_id::text AS shop_id,
      s.name AS shop_name, u.display_name AS shopper_name, u.mobile AS shopper_mobile,
      u.email AS shopper_email, o.receiver_name, o.receiver_phone, o.receiver_address,
      o.payment_channel, o.carrier, o.tracking_no,
      o.payable_fen::text AS payable_fen, o.paid_fen::text AS paid_fen, o.created_at,
      (SELECT l.title FROM order_lines l WHERE l.order_id = o.id ORDER BY l.id LIMIT 1) AS first_title,
      (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS line_count
    FROM orders o
    JOIN shops s ON s.id = o.shop_id
    JOIN users u ON u.id = o.shopper_id
    WHERE ${where}
    ORDER BY o.id DESC
    LIMIT ${limit}`;
}

function toView(r: Row): StaffOrderRow {
  return {
    orderNo: r.order_no,
    status: r.status,
    refundStatus: r.refund_status,
    shopId: Number(r.shop_id),
    shopName: r.shop_name,
    shopperName: r.shopper_name,
    shopperMobile: r.shopper_mobile,
    shopperEmail: r.shopper_email,
    receiverName: r.receiver_name,
    receiverPhone: r.receiver_phone,
    payableFen: Number(r.payable_fen),
    paidFen: Number(r.paid_fen),
    firstTitle: r.first_title ?? '',
    lineCount: r.line_count,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/**
 * 订单查询 for staff: by order number, shopper phone (or receiver phone), email, product title,
 * status and days; newest first with keyset paging. Each filter narrows through an index
 * (order number, users' mobile/email → orders_shopper_idx, orders_receiver_phone_idx,
 * orders_created_idx).
 */
export async function searchOrders(
  db: Executor,
  q: StaffOrderQuery,
  scope: StaffScope,
): Promise<{ items: StaffOrderRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.orderNo) where.push(sql`o.order_no = ${q.orderNo}`);
  if (q.phone)
    where.push(
      sql`(o.shopper_id = ANY(ARRAY(SELECT id FROM users WHERE mobile = ${q.phone})) OR o.receiver_phone = ${q.phone})`,
    );
  if (q.email)
    where.push(sql`o.shopper_id = ANY(ARRAY(SELECT id FROM users WHERE email = ${q.email}))`);
  if (q.product)
    where.push(
      sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.title ILIKE ${contains(q.product)})`,
    );
  if (q.status) where.push(sql`o.status = ${q.status}`);
  if (q.from)
    where.push(sql`o.created_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (q.to)
    where.push(sql`o.created_at < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (q.cursor) where.push(sql`o.id < ${q.cursor}::bigint`);
  if ('shopId' in scope) where.push(sql`o.shop_id = ${scope.shopId}`);
  const rows = await queryRows<Row>(
    db,
    select(where.length ? sql.join(where, sql` AND `) : sql`TRUE`, q.limit + 1),
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(toView),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** One order as staff see it: summary, lines and timeline. */
export async function staffOrderDetail(db: Executor, orderNo: string, scope: StaffScope) {
  const where = [sql`o.order_no = ${orderNo}`];
  if ('shopId' in scope) where.push(sql`o.shop_id = ${scope.shopId}`);
  const [row] = await queryRows<Row>(db, select(sql.join(where, sql` AND `), 1));
  if (!row) throw new DomainError('ORDER_NOT_FOUND');
  const id = Number(row.id);
  const [lines, timeline] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.id)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, id)).orderBy(asc(orderEvents.id)),
  ]);
  return {
    order: {
      ...toView(row),
      receiverAddress: row.receiver_address,
      paymentChannel: row.payment_channel,
      carrier: row.carrier,
      trackingNo: row.tracking_no,
    },
    lines: lines.map((l) => ({
      id: l.id,
      title: l.title,
      variantName: l.variantName,
      unitPriceFen: l.unitPriceFen,
      qtyOrdered: l.qtyOrdered,
      qtyCancelled: l.qtyCancelled,
      qtyShipped: l.qtyShipped,
      refundedFen: l.refundedFen,
    })),
    timeline: timeline.map((e) => ({
      kind: e.kind,
      at: e.createdAt.toISOString(),
      actorRole: e.actorRole,
      data: e.data as Record<string, unknown>,
    })),
  };
}
