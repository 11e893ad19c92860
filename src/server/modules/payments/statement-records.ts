import { and, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { OurPayment, OurRefund } from '../../../domain/statement-matching.js';
import type { Executor } from '../../platform/db/client.js';
import { orders, payments, refunds } from '../../platform/db/schema/index.js';
import type {
  ProviderName,
  StatementLine,
} from '../../platform/payment-channels/channel-provider.js';
import { unionPayOrderId } from '../../platform/payment-channels/unionpay/unionpay-signing.js';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instants a Shanghai calendar day (YYYY-MM-DD) runs from and to (exclusive). */
export function shanghaiDayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** How a provider lists our refund's key: UnionPay names it by the orderId derived from it. */
export function statementKeyOf(provider: ProviderName, key: string): string {
  return provider === 'unionpay' ? unionPayOrderId(key) : key;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/**
 * Our side of one channel's day: the payments and refunds that settled that day by our records,
 * and those the statement's lines name (whatever their day or state), for the matcher.
 */
export async function loadOurRecords(
  db: Executor,
  provider: ProviderName,
  day: string,
  lines: readonly StatementLine[],
): Promise<{ payments: OurPayment[]; refunds: OurRefund[] }> {
  const { from, to } = shanghaiDayBounds(day);
  const refs = distinct(lines.map((l) => l.merchantOrderNo));
  const tradeNos = distinct(lines.map((l) => l.providerTradeNo));
  const named = (extra: SQL[]): SQL | undefined => (extra.length > 0 ? or(...extra) : undefined);
  const paymentNamed: SQL[] = [];
  if (refs.length > 0) paymentNamed.push(inArray(payments.providerPaymentId, refs));
  if (tradeNos.length > 0) paymentNamed.push(inArray(payments.providerTradeNo, tradeNos));

  const paidThatDay = and(
    eq(payments.status, 'succeeded'),
    gte(payments.succeededAt, from),
    lt(payments.succeededAt, to),
  );
  const paymentRows = await db
    .select({ payment: payments, orderNo: orders.orderNo })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(and(eq(payments.provider, provider), or(paidThatDay, named(paymentNamed))));

  const arrivedThatDay = and(
    eq(refunds.status, 'succeeded'),
    gte(refunds.arrivedAt, from),
    lt(refunds.arrivedAt, to),
  );
  const refundRows = await db
    .select({ refund: refunds, payment: payments, orderNo: orders.orderNo })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(
      payments,
      and(eq(payments.orderId, refunds.orderId), eq(payments.status, 'succeeded')),
    )
    .where(
      and(
        eq(payments.provider, provider),
        isNotNull(refunds.providerKey),
        or(arrivedThatDay, named(paymentNamed)),
      ),
    );

  const inDay = (at: Date | null) => at !== null && at >= from && at < to;
  const ourPayments = paymentRows.map(({ payment: p, orderNo }): OurPayment => ({
    id: p.id,
    orderNo,
    merchantOrderNo: p.providerPaymentId ?? '',
    providerTradeNo: p.providerTradeNo,
    amountFen: p.amountFen,
    status: p.status,
    inDay: p.status === 'succeeded' && inDay(p.succeededAt),
  }));
  const seen = new Set<number>();
  const ourRefunds: OurRefund[] = [];
  for (const { refund: r, payment: p, orderNo } of refundRows) {
    if (seen.has(r.id) || !r.providerKey) continue;
    seen.add(r.id);
    ourRefunds.push({
      id: r.id,
      orderNo,
      statementKey: statementKeyOf(provider, r.providerKey),
      merchantOrderNo: p.providerPaymentId ?? '',
      paymentTradeNo: p.providerTradeNo,
      amountFen: r.amountFen,
      status: r.status,
      inDay: r.status === 'succeeded' && inDay(r.arrivedAt),
    });
  }
  return { payments: ourPayments, refunds: ourRefunds };
}
