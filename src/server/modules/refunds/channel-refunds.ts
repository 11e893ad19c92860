import { and, asc, eq, inArray, notExists } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import {
  afterSalesCases,
  cancellationLines,
  orderLines,
  payments,
  refunds,
} from '../../platform/db/schema/index.js';
import type {
  ChannelRefund,
  PaymentReference,
  RefundLine,
} from '../../platform/payment-channels/channel-provider.js';
import { CHANNEL_RAIL, SANDBOX } from '../../platform/payment-channels/registry.js';
import type {
  PaymentChannel,
  ProviderRefund,
} from '../../platform/payment-provider/payment-provider.js';

type PaymentRow = typeof payments.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

/** How a real channel finds one of our payments. */
export function paymentReference(p: PaymentRow): PaymentReference {
  return {
    merchantOrderNo: p.providerPaymentId ?? '',
    providerTradeNo: p.providerTradeNo,
    amountFen: p.amountFen,
    requestedAt: p.createdAt,
  };
}

/**
 * The payment that paid an order (refunds go back through it): the first that took money, not
 * a second payment of the order (paid twice), which its own refund names.
 */
export async function capturedPayment(db: Executor, orderId: number): Promise<PaymentRow | null> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orderId, orderId),
        eq(payments.status, 'succeeded'),
        notExists(
          db
            .select({ id: refunds.id })
            .from(refunds)
            .where(and(eq(refunds.paymentId, payments.id), eq(refunds.origin, 'double_payment'))),
        ),
      ),
    )
    .orderBy(asc(payments.succeededAt), asc(payments.id))
    .limit(1);
  return payment ?? null;
}

/** The payment a refund returns money through: its own when it names one, else the order's. */
export async function refundPayment(db: Executor, r: RefundRow): Promise<PaymentRow | null> {
  if (r.paymentId === null) return capturedPayment(db, r.orderId);
  const [payment] = await db.select().from(payments).where(eq(payments.id, r.paymentId));
  return payment ?? null;
}

/**
 * The order lines a refund gives back, as the providers take them (WeChat `goods_detail`,
 * Alipay `refund_goods_detail`): a cancellation's cancelled lines, or an after-sales case's
 * refunded lines. Other refunds (a double payment, 补偿, 价保, shipping alone) go without lines.
 */
export async function refundLines(db: Executor, r: RefundRow): Promise<RefundLine[]> {
  if (r.paymentId !== null) return [];
  if (r.cancellationId === null) return afterSalesRefundLines(db, r.id);
  const rows = await db
    .select({
      variantId: orderLines.variantId,
      title: orderLines.title,
      variantName: orderLines.variantName,
      unitPriceFen: orderLines.unitPriceFen,
      quantity: cancellationLines.quantity,
      refundFen: cancellationLines.refundFen,
    })
    .from(cancellationLines)
    .innerJoin(orderLines, eq(orderLines.id, cancellationLines.orderLineId))
    .where(eq(cancellationLines.cancellationId, r.cancellationId))
    .orderBy(asc(cancellationLines.orderLineId));
  return rows
    .filter((l) => l.refundFen > 0)
    .map((l) => ({
      merchantGoodsId: String(l.variantId),
      name: `${l.title} ${l.variantName}`.trim(),
      unitPriceFen: l.unitPriceFen,
      quantity: l.quantity,
      refundFen: l.refundFen,
    }));
}

/** The lines of the after-sales case refunded by `refundId`, if it is one. */
async function afterSalesRefundLines(db: Executor, refundId: number): Promise<RefundLine[]> {
  const [c] = await db
    .select({ refundLines: afterSalesCases.refundLines })
    .from(afterSalesCases)
    .where(eq(afterSalesCases.refundId, refundId))
    .limit(1);
  const moved = (c?.refundLines ?? []) as { lineId: number; quantity: number; refundFen: number }[];
  const refunded = moved.filter((m) => m.refundFen > 0);
  if (refunded.length === 0) return [];
  const lines = await db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.id,
        refunded.map((m) => m.lineId),
      ),
    );
  return refunded
    .sort((a, b) => a.lineId - b.lineId)
    .flatMap((m) => {
      const l = lines.find((x) => x.id === m.lineId);
      return l
        ? [
            {
              merchantGoodsId: String(l.variantId),
              name: `${l.title} ${l.variantName}`.trim(),
              unitPriceFen: l.unitPriceFen,
              quantity: m.quantity,
              refundFen: m.refundFen,
            },
          ]
        : [];
    });
}

/** Our refund of an order submitted under `key` (the channel's out_request_no / out_refund_no). */
export async function findRefundByKey(
  db: Executor,
  orderId: number,
  key: string,
): Promise<RefundRow | null> {
  const [row] = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.providerKey, key)))
    .limit(1);
  return row ?? null;
}

/**
 * A channel's report in the shape the refund pipeline applies. A channel refund is named by our
 * idempotency key, which is what `refunds.provider_refund_id` holds for it.
 */
export function channelRefundReport(
  r: ChannelRefund,
  providerRefundId: string,
  amountFen: number,
  rail: PaymentChannel,
): ProviderRefund {
  return {
    id: providerRefundId,
    paymentId: r.merchantOrderNo,
    amountFen,
    status: r.status,
    failureReason: r.failureReason,
    channel: rail,
    settledAt: r.settledAt,
    expectedSettleAt: null,
  };
}

/**
 * The refund's state at the provider that took the money: the sandbox by its refund id, a
 * channel by our key and the payment.
 */
export async function queryRefundAtProvider(deps: Deps, r: RefundRow): Promise<ProviderRefund> {
  const payment = await refundPayment(deps.database.db, r);
  if (!payment || payment.provider === SANDBOX || !r.providerKey)
    return deps.payments.getRefund(r.providerRefundId ?? '');
  const channel = deps.channels.get(payment.provider);
  if (!channel) throw new Error(`refund ${r.id} went through ${payment.provider}, not configured`);
  const remote = await channel.queryRefund({
    idempotencyKey: r.providerKey,
    payment: paymentReference(payment),
    requestedAt: r.submittedAt ?? r.createdAt,
  });
  return channelRefundReport(
    remote,
    r.providerRefundId ?? r.providerKey,
    remote.amountFen ?? r.amountFen,
    CHANNEL_RAIL[channel.name],
  );
}
