import { and, asc, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { paymentArrival } from '../../../domain/payment-arrival.js';
import type { Tx } from '../../platform/db/client.js';
import { auditLog, orderEvents, orders, payments } from '../../platform/db/schema/index.js';
import { audit, auditRow } from '../../platform/audit.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import type { AppOutbox } from '../../events.js';
import { lockOrder } from '../orders/lock.js';
import { addTimeline, SYSTEM_ACTOR, timelineRow } from '../orders/timeline.js';
import { ORDER_TOPICS } from '../orders/topics.js';
import { createRefund } from '../refunds/create.js';
import type {
  PaymentChannel,
  ProviderPayment,
} from '../../platform/payment-provider/payment-provider.js';

/** A provider's report that a payment took the shopper's money. */
export interface PaymentSuccess {
  /** Who took it: 'sandbox' or a channel (`payments.provider`). */
  provider: string;
  /** How the provider names the payment (`payments.provider_payment_id`). */
  providerPaymentId: string;
  amountFen: number;
  channel: PaymentChannel | null;
  succeededAt: Date | null;
  /** The channel's own trade number, when it gives one. */
  providerTradeNo?: string | null;
}

export function sandboxSuccess(p: ProviderPayment): PaymentSuccess {
  return {
    provider: 'sandbox',
    providerPaymentId: p.id,
    amountFen: p.amountFen,
    channel: p.channel,
    succeededAt: p.succeededAt,
  };
}

/**
 * Records a payment success in one transaction: order (locked first) → payment → receipt.
 * Duplicates are no-ops. A payment for an order that was already cancelled unpaid, or that
 * another payment already paid (the shopper paid twice), is kept and refunded at once through
 * the channel that took it. The order's lock makes two payments arriving together take turns,
 * so exactly one of them pays the order.
 */
export async function recordPaymentSuccess(
  tx: Tx,
  outbox: AppOutbox,
  p: PaymentSuccess,
  now: Date,
): Promise<'paid' | 'noop' | 'late' | 'double'> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(
      and(eq(payments.provider, p.provider), eq(payments.providerPaymentId, p.providerPaymentId)),
    )
    .limit(1);
  if (!row) throw new DomainError('WEBHOOK_SIGNATURE_INVALID', { reason: 'unknown_payment' });
  if (row.amountFen !== p.amountFen) throw new DomainError('WEBHOOK_AMOUNT_MISMATCH');
  const { order } = await lockOrder(tx, { id: row.orderId }, { any: true });
  // Every payment of the order, locked in id order after the order: this one, and whether
  // another has taken the shopper's money already.
  const ofOrder = await tx
    .select()
    .from(payments)
    .where(eq(payments.orderId, order.id))
    .orderBy(asc(payments.id))
    .for('update');
  const payment = ofOrder.find((x) => x.id === row.id);
  if (!payment || payment.status === 'succeeded') return 'noop';
  const others = ofOrder.filter((x) => x.id !== payment.id && x.status === 'succeeded');
  const succeeded = tx
    .update(payments)
    .set({
      status: 'succeeded',
      channel: p.channel,
      succeededAt: p.succeededAt ?? now,
      ...(p.providerTradeNo ? { providerTradeNo: p.providerTradeNo } : {}),
    })
    .where(eq(payments.id, payment.id));
  const arrival = paymentArrival({ orderStatus: order.status, otherPaymentsTaken: others.length });
  if (arrival !== 'pays_order') {
    // Paid while the order was being cancelled, or paid twice: this money goes straight back,
    // through the payment that took it, with no review.
    await succeeded;
    const double = arrival === 'double';
    await addTimeline(tx, order.id, double ? 'payment.double' : 'payment.late', SYSTEM_ACTOR, now, {
      amountFen: p.amountFen,
      channel: p.channel,
      ...(double ? { provider: payment.provider } : {}),
    });
    await audit(tx, {
      actorId: null,
      actorRole: 'system',
      action: double ? 'order.pay_twice' : 'order.pay_late',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: {
        status: order.status,
        paidFen: p.amountFen,
        channel: p.channel,
        ...(double ? { paymentId: payment.id, provider: payment.provider } : {}),
      },
    });
    await createRefund(tx, outbox, SYSTEM_ACTOR, now, {
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      cancellationId: null,
      amountFen: p.amountFen,
      channel: p.channel ?? 'balance',
      review: { review: false, reasons: [] },
      paymentId: payment.id,
      origin: double ? 'double_payment' : 'ours',
    });
    return arrival;
  }
  // Money has moved: the payment counts even if it landed a moment after the deadline. The
  // writes nothing reads back go out as one statement.
  const batch = new WriteBatch();
  batch.change(succeeded);
  batch.change(
    tx
      .update(orders)
      .set({
        status: 'awaiting_shipment',
        paidFen: p.amountFen,
        paidAt: p.succeededAt ?? now,
        paymentChannel: p.channel,
      })
      .where(eq(orders.id, order.id)),
  );
  batch.insert(
    orderEvents,
    timelineRow(order.id, 'order.paid', SYSTEM_ACTOR, now, {
      channel: p.channel,
      amountFen: p.amountFen,
    }),
  );
  batch.insert(
    auditLog,
    auditRow({
      actorId: null,
      actorRole: 'system',
      action: 'order.pay',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: 'awaiting_shipment', paidFen: p.amountFen, channel: p.channel },
    }),
  );
  outbox.emitInto(batch, { topic: ORDER_TOPICS.paid, payload: { orderId: order.id } });
  await batch.run(tx);
  return 'paid';
}
