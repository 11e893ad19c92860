import { eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Tx } from '../../platform/db/client.js';
import { orders, payments } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { OutboxRegistry } from '../../platform/outbox/outbox.js';
import { lockOrder } from '../orders/lock.js';
import { addTimeline, SYSTEM_ACTOR } from '../orders/timeline.js';
import { ORDER_TOPICS } from '../orders/topics.js';
import { createRefund } from '../refunds/create.js';
import type { ProviderPayment } from './provider/payment-provider.js';

/**
 * Records a payment success in one transaction: order (locked first) → payment → receipt.
 * Duplicates and late arrivals are no-ops; a payment for an order that was already cancelled
 * is kept and flagged so the money goes back.
 */
export async function recordPaymentSuccess(
  tx: Tx,
  outbox: OutboxRegistry,
  p: ProviderPayment,
  now: Date,
): Promise<'paid' | 'noop' | 'late'> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(eq(payments.providerPaymentId, p.id))
    .limit(1);
  if (!row) throw new DomainError('WEBHOOK_SIGNATURE_INVALID', { reason: 'unknown_payment' });
  if (row.amountFen !== p.amountFen) throw new DomainError('WEBHOOK_AMOUNT_MISMATCH');
  const { order } = await lockOrder(tx, { id: row.orderId }, { any: true });
  const [payment] = await tx.select().from(payments).where(eq(payments.id, row.id)).for('update');
  if (!payment || payment.status === 'succeeded') return 'noop';
  await tx
    .update(payments)
    .set({ status: 'succeeded', channel: p.channel, succeededAt: p.succeededAt ?? now })
    .where(eq(payments.id, payment.id));
  if (order.status !== 'pending_payment') {
    // Paid while the order was being cancelled: the money goes straight back, no review.
    await addTimeline(tx, order.id, 'payment.late', SYSTEM_ACTOR, now, {
      amountFen: p.amountFen,
      channel: p.channel,
    });
    await audit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'order.pay_late',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: order.status, paidFen: p.amountFen, channel: p.channel },
    });
    await createRefund(tx, outbox, SYSTEM_ACTOR, now, {
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      cancellationId: null,
      amountFen: p.amountFen,
      channel: p.channel ?? 'balance',
      review: { review: false, reasons: [] },
    });
    return 'late';
  }
  // Money has moved: the payment counts even if it landed a moment after the deadline.
  await tx
    .update(orders)
    .set({
      status: 'awaiting_shipment',
      paidFen: p.amountFen,
      paidAt: p.succeededAt ?? now,
      paymentChannel: p.channel,
    })
    .where(eq(orders.id, order.id));
  await addTimeline(tx, order.id, 'order.paid', SYSTEM_ACTOR, now, {
    channel: p.channel,
    amountFen: p.amountFen,
  });
  await audit(tx, {
    actorId: null,
    actorRole: 'system',
    action: 'order.pay',
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: { status: 'awaiting_shipment', paidFen: p.amountFen, channel: p.channel },
  });
  await outbox.emit(tx, ORDER_TOPICS.paid, { orderId: order.id });
  return 'paid';
}
