import { and, desc, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { checkOrderAction } from '../../../domain/order-transitions.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { payments, webhookReceipts } from '../../platform/db/schema/index.js';
import { recordPaymentSuccess, sandboxSuccess } from './record-payment.js';
import { recordDashboardRefund, recordUnmatchedRefund } from './provider-refunds.js';
import { parseRefundAttemptKey } from '../../../domain/refund-reissue.js';
import { applyProviderRefund } from '../refunds/provider-sync.js';
import {
  channelRefundReport,
  findRefundByKey,
  paymentReference,
} from '../refunds/channel-refunds.js';
import { lockOrder } from '../orders/lock.js';
import { orderState } from '../orders/views.js';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  type ProviderEvent,
  type ProviderPayment,
} from '../../platform/payment-provider/payment-provider.js';
import {
  ChannelRejectedError,
  ChannelUnavailableError,
  moneyTaken,
  NotifyRefusedError,
  type ChannelNotify,
  type NotifyAnswer,
  type NotifyRequest,
  type PayScene,
  type PaymentHandoff,
} from '../../platform/payment-channels/channel-provider.js';
import { notifyRefusal } from '../../platform/payment-channels/notify-check.js';
import {
  CHANNEL_RAIL,
  SANDBOX,
  type PaymentProviderName,
} from '../../platform/payment-channels/registry.js';
import type { Tx } from '../../platform/db/client.js';
import { offeredCheckoutChannels } from '../settings/checkout-channels.js';

const PROVIDER = 'sandbox-pay';

export interface PayAnswer {
  payUrl: string;
  provider: PaymentProviderName;
  handoff?: PaymentHandoff;
}

export type ChannelNotifyOutcome =
  | 'refused'
  | 'duplicate'
  | 'paid'
  | 'late'
  | 'double'
  | 'noop'
  | 'refund_updated'
  | 'dashboard_refund'
  | 'unmatched_refund';

/**
 * Records a channel notify's event id (the adapters name it `<provider>:…`); false when it was
 * received before.
 */
async function receive(tx: Tx, source: string, eventId: string, now: Date): Promise<boolean> {
  const fresh = await tx
    .insert(webhookReceipts)
    .values({ eventId, source, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: webhookReceipts.eventId });
  return fresh.length > 0;
}

export function createPaymentsService(deps: Deps) {
  const { db } = deps.database;
  const { clock, outbox, payments: provider, channels } = deps;

  return {
    /**
     * Returns where the shopper pays the order, among the channels checkout offers (no choice:
     * an open payment, else the first offered). One payment per provider chosen: switching
     * channels opens another beside the first, and a retry answers the same payment.
     */
    async startPayment(
      shopperId: number,
      orderNo: string,
      choice: { provider?: PaymentProviderName; scene?: PayScene; clientIp?: string } = {},
    ): Promise<PayAnswer> {
      const now = clock.now();
      // Only what the operator offers (and this deployment can take); no choice: the first.
      const offered = await offeredCheckoutChannels(db, deps);
      const wanted = choice.provider ?? offered[0];
      if (!wanted || !offered.includes(wanted)) throw new DomainError('PAYMENT_METHOD_NOT_OFFERED');
      // The payment row and its idempotency key are stored before the provider is called.
      const { order, payment } = await withTx(db, async (tx) => {
        // Checked under the order's lock: a payment arriving or a cancel at the same moment
        // waits, so a paid order (its payment no longer pending, a second row would collide on
        // the idempotency key) or a cancelled one is refused here.
        const { order } = await lockOrder(tx, { orderNo }, { shopperId });
        const problem = checkOrderAction(orderState(order), 'pay', now);
        if (problem) throw new DomainError(problem);
        const open = await tx
          .select()
          .from(payments)
          .where(eq(payments.orderId, order.id))
          .orderBy(desc(payments.id));
        // Unnamed (the web app's 去支付): the payment already started, whichever it is. Named:
        // that provider's payment; another provider's stays open beside it, since the shopper
        // may still pay there too (a double payment is then refunded when it arrives).
        const existing = open.find(
          (p) => p.status === 'pending' && (!choice.provider || p.provider === wanted),
        );
        if (existing) return { order, payment: existing };
        const [created] = await tx
          .insert(payments)
          .values({
            orderId: order.id,
            idempotencyKey:
              open.length === 0 ? `pay-${order.orderNo}` : `pay-${order.orderNo}-${wanted}`,
            amountFen: order.payableFen,
            status: 'pending',
            provider: wanted,
            // A channel knows the payment by our reference, the order number, from the start;
            // its requested time is UnionPay's txnTime, so it is ours too.
            ...(wanted === SANDBOX ? {} : { providerPaymentId: order.orderNo, createdAt: now }),
          })
          .returning();
        if (!created) throw new Error('payment insert returned nothing');
        return { order, payment: created };
      });
      const returnUrl = `${deps.config.publicUrl}/orders/${order.orderNo}?paid=1`;
      const description = `B特派订单 ${order.orderNo}`;
      if (payment.provider !== SANDBOX) {
        const channel = channels.get(payment.provider);
        if (!channel || !payment.providerPaymentId)
          throw new DomainError('PAYMENT_METHOD_NOT_OFFERED');
        let handoff: PaymentHandoff;
        try {
          handoff = await channel.startPayment({
            merchantOrderNo: payment.providerPaymentId,
            amountFen: payment.amountFen,
            description,
            returnUrl,
            notifyUrl: channels.notifyUrl(deps.config.publicUrl, channel.name),
            expiresAt: order.paymentDeadline,
            scene: choice.scene ?? 'desktop',
            requestedAt: payment.createdAt,
            ...(choice.clientIp ? { clientIp: choice.clientIp } : {}),
          });
        } catch (err) {
          if (err instanceof ChannelUnavailableError || err instanceof ChannelRejectedError) {
            deps.log.warn({ err, orderNo, provider: channel.name }, 'payment channel refused');
            throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE');
          }
          throw err;
        }
        return {
          payUrl:
            handoff.kind === 'redirect'
              ? handoff.url
              : `${deps.config.publicUrl}/orders/${order.orderNo}`,
          provider: channel.name,
          handoff,
        };
      }
      if (payment.payUrl) return { payUrl: payment.payUrl, provider: SANDBOX };
      let remote: ProviderPayment;
      try {
        remote = await provider.createPayment({
          idempotencyKey: payment.idempotencyKey,
          amountFen: payment.amountFen,
          merchantOrderNo: order.orderNo,
          description,
          returnUrl,
          notifyUrl: channels.notifyUrl(deps.config.publicUrl, SANDBOX),
        });
      } catch (err) {
        if (err instanceof ProviderUnavailableError || err instanceof ProviderRejectedError) {
          deps.log.warn({ err, orderNo }, 'payment provider refused or unreachable');
          throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE');
        }
        throw err;
      }
      await db
        .update(payments)
        .set({ providerPaymentId: remote.id, payUrl: remote.payUrl })
        .where(eq(payments.id, payment.id));
      return { payUrl: remote.payUrl, provider: SANDBOX };
    },

    /**
     * A notify from a real channel, as received. Verified by the adapter, then checked against
     * the payment row (`notifyRefusal`); a refused notify changes nothing, is logged and
     * counted, and is answered so the provider sends it again. An accepted one is deduplicated
     * by its event id in the same transaction as its effect.
     */
    async handleChannelNotify(
      name: string,
      request: NotifyRequest,
    ): Promise<{ answer: NotifyAnswer; outcome: ChannelNotifyOutcome }> {
      const channel = channels.get(name);
      if (!channel) throw new DomainError('NOT_FOUND');
      const refuse = (reason: string, detail?: Record<string, unknown>) => {
        deps.log.warn({ provider: channel.name, reason, ...detail }, 'payment notify refused');
        deps.metrics.webhookRejects.inc({ source: channel.name, reason });
        return { answer: channel.notifyAnswer(false), outcome: 'refused' as const };
      };
      let notify: ChannelNotify;
      try {
        notify = channel.parseNotify(request, clock.now());
      } catch (err) {
        if (err instanceof NotifyRefusedError) return refuse(err.reason);
        throw err;
      }
      let merchantOrderNo =
        notify.kind === 'payment' ? notify.payment.merchantOrderNo : notify.refund.merchantOrderNo;
      let [row] = await db
        .select()
        .from(payments)
        .where(
          and(eq(payments.provider, channel.name), eq(payments.providerPaymentId, merchantOrderNo)),
        )
        .limit(1);
      const originalTradeNo = notify.kind === 'refund' ? notify.refund.originalTradeNo : null;
      if (!row && notify.kind === 'refund' && originalTradeNo) {
        // A refund the provider made itself (UnionPay) names the payment by its trade number.
        [row] = await db
          .select()
          .from(payments)
          .where(
            and(eq(payments.provider, channel.name), eq(payments.providerTradeNo, originalTradeNo)),
          )
          .limit(1);
        if (row?.providerPaymentId) {
          merchantOrderNo = row.providerPaymentId;
          notify = { ...notify, refund: { ...notify.refund, merchantOrderNo } };
        }
      }
      const now = clock.now();
      if (!row && notify.kind === 'refund') {
        // A refund of a trade we do not know (made in the provider's dashboard): kept for
        // staff, and taken so the provider stops sending it.
        const refund = notify.refund;
        deps.log.warn(
          { provider: channel.name, merchantOrderNo, refundKey: refund.idempotencyKey },
          'refund notify for no payment of ours; listed for staff',
        );
        const fresh = await withTx(db, async (tx) => {
          if (!(await receive(tx, channel.name, notify.eventId, now))) return false;
          await recordUnmatchedRefund(
            tx,
            { provider: channel.name, eventId: notify.eventId, refund },
            now,
          );
          return true;
        });
        return {
          answer: channel.notifyAnswer(true),
          outcome: fresh ? 'unmatched_refund' : 'duplicate',
        };
      }
      const refusal = notifyRefusal(
        notify,
        row?.providerPaymentId
          ? { merchantOrderNo: row.providerPaymentId, amountFen: row.amountFen }
          : null,
      );
      if (refusal || !row) return refuse(refusal ?? 'unknown_payment', { merchantOrderNo });
      const rail = CHANNEL_RAIL[channel.name];
      if (notify.kind === 'payment') {
        const paid = notify.payment;
        const outcome = await withTx(db, async (tx) => {
          if (!(await receive(tx, channel.name, notify.eventId, now))) return 'duplicate' as const;
          if (!moneyTaken(paid.status)) return 'noop' as const;
          return recordPaymentSuccess(
            tx,
            outbox,
            {
              provider: channel.name,
              providerPaymentId: merchantOrderNo,
              amountFen: paid.amountFen ?? row.amountFen,
              channel: rail,
              succeededAt: paid.paidAt,
              providerTradeNo: paid.providerTradeNo,
            },
            now,
          );
        });
        return { answer: channel.notifyAnswer(true), outcome };
      }
      const reported = notify.refund;
      const ours = await findRefundByKey(db, row.orderId, reported.idempotencyKey);
      const ourKey = parseRefundAttemptKey(reported.idempotencyKey);
      if (!ours && ourKey) {
        // An earlier attempt of one of our refunds (re-issued since under a new key): not a
        // dashboard refund. Taken; the refund follows its current attempt.
        deps.log.info(
          { provider: channel.name, refundKey: reported.idempotencyKey, status: reported.status },
          'notify for an earlier attempt of our refund',
        );
        return { answer: channel.notifyAnswer(true), outcome: 'noop' };
      }
      if (!ours || ours.origin === 'provider_dashboard') {
        // Made in the provider's merchant dashboard under the provider's own number: recorded
        // against the order. The notify may not carry the amount (Alipay): ask for it.
        let amountFen = reported.amountFen;
        if (amountFen === null) {
          try {
            amountFen = (
              await channel.queryRefund({
                idempotencyKey: reported.idempotencyKey,
                payment: paymentReference(row),
                requestedAt: now,
              })
            ).amountFen;
          } catch (err) {
            if (err instanceof ChannelUnavailableError || err instanceof ChannelRejectedError)
              return refuse('refund_query_failed', { merchantOrderNo });
            throw err;
          }
        }
        if (amountFen === null || amountFen <= 0 || amountFen > row.amountFen)
          return refuse('amount_mismatch', { merchantOrderNo });
        const known = amountFen;
        const recorded = await withTx(db, async (tx) => {
          if (!(await receive(tx, channel.name, notify.eventId, now))) return 'duplicate' as const;
          return recordDashboardRefund(
            tx,
            outbox,
            { payment: row, refund: reported, amountFen: known, rail },
            now,
          );
        });
        deps.log.warn(
          { provider: channel.name, merchantOrderNo, refundKey: reported.idempotencyKey, recorded },
          'refund made in the provider dashboard',
        );
        const outcome =
          recorded === 'recorded'
            ? ('dashboard_refund' as const)
            : recorded === 'applied'
              ? ('refund_updated' as const)
              : recorded;
        return { answer: channel.notifyAnswer(true), outcome };
      }
      // Not ours yet (the submission's answer has not been recorded): refused, so the provider
      // delivers it again later; reconciliation covers it too.
      if (!ours.providerRefundId) return refuse('refund_not_submitted', { refundId: ours.id });
      let amountFen = reported.amountFen;
      if (amountFen === null) {
        // The notify gives the trade's refunded total (Alipay): ask for the refund itself.
        try {
          const queried = await channel.queryRefund({
            idempotencyKey: reported.idempotencyKey,
            payment: paymentReference(row),
            requestedAt: ours.submittedAt ?? ours.createdAt,
          });
          amountFen = queried.amountFen;
        } catch (err) {
          if (err instanceof ChannelUnavailableError || err instanceof ChannelRejectedError)
            return refuse('refund_query_failed', { refundId: ours.id });
          throw err;
        }
      }
      if (amountFen !== ours.amountFen) return refuse('amount_mismatch', { refundId: ours.id });
      const outcome = await withTx(db, async (tx) => {
        if (!(await receive(tx, channel.name, notify.eventId, now))) return 'duplicate' as const;
        const applied = await applyProviderRefund(
          tx,
          outbox,
          channelRefundReport(reported, ours.providerRefundId ?? '', amountFen, rail),
          now,
        );
        return applied === 'applied' ? ('refund_updated' as const) : ('noop' as const);
      });
      return { answer: channel.notifyAnswer(true), outcome };
    },

    /** A verified webhook event: deduplicated by event id in the same transaction as its effect. */
    async handleEvent(
      event: ProviderEvent,
    ): Promise<'duplicate' | 'paid' | 'noop' | 'late' | 'double' | 'refund_updated'> {
      const now = clock.now();
      return withTx(db, async (tx) => {
        const fresh = await tx
          .insert(webhookReceipts)
          .values({ eventId: event.id, source: PROVIDER, receivedAt: now })
          .onConflictDoNothing()
          .returning({ id: webhookReceipts.eventId });
        if (fresh.length === 0) return 'duplicate';
        if (event.type === 'payment.succeeded')
          return recordPaymentSuccess(tx, outbox, sandboxSuccess(event.payment), now);
        if ('refund' in event) {
          const outcome = await applyProviderRefund(tx, outbox, event.refund, now);
          // Not ours yet (the submission's answer has not been recorded): refuse, so the
          // provider delivers it again later; reconciliation covers it too.
          if (outcome === 'unknown') throw new DomainError('REFUND_NOT_FOUND');
          return outcome === 'applied' ? 'refund_updated' : 'noop';
        }
        await tx
          .update(payments)
          .set({ status: 'voided' })
          .where(
            and(eq(payments.providerPaymentId, event.payment.id), eq(payments.status, 'pending')),
          );
        return 'noop';
      });
    },

    /**
     * Voids an order's pending payments at the provider, whose void decides the race with a
     * last-second payment: once voided nothing can be paid; if one was paid, it is recorded
     * (and, the order being cancelled, refunded). Returns whether a payment went through.
     * `markVoided` also marks our rows at once (otherwise the caller's cancellation does).
     */
    async voidPendingPayments(orderId: number, opts: { markVoided: boolean }): Promise<boolean> {
      const now = clock.now();
      const pending = await db
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
      let paid = false;
      for (const p of pending) {
        if (p.provider !== SANDBOX && p.providerPaymentId) {
          const channel = channels.get(p.provider);
          if (!channel)
            throw new Error(`payment ${p.id} was taken by ${p.provider}, not configured`);
          // The channel's close decides the race with a last-second payment.
          const remote = await channel.closePayment(paymentReference(p));
          if (moneyTaken(remote.status)) {
            await withTx(db, (tx) =>
              recordPaymentSuccess(
                tx,
                outbox,
                {
                  provider: channel.name,
                  providerPaymentId: p.providerPaymentId ?? '',
                  amountFen: remote.amountFen ?? p.amountFen,
                  channel: CHANNEL_RAIL[channel.name],
                  succeededAt: remote.paidAt,
                  providerTradeNo: remote.providerTradeNo,
                },
                now,
              ),
            );
            paid = true;
            continue;
          }
        } else if (p.providerPaymentId) {
          const remote = await provider
            .voidPayment(p.providerPaymentId)
            .catch(async (err: unknown) => {
              // Already succeeded at the provider: fetch it and record the payment instead.
              if (err instanceof ProviderRejectedError)
                return provider.getPayment(p.providerPaymentId ?? '');
              throw err;
            });
          if (remote.status === 'succeeded') {
            await withTx(db, (tx) => recordPaymentSuccess(tx, outbox, sandboxSuccess(remote), now));
            paid = true;
            continue;
          }
        }
        if (opts.markVoided)
          await db
            .update(payments)
            .set({ status: 'voided' })
            .where(and(eq(payments.id, p.id), eq(payments.status, 'pending')));
      }
      return paid;
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
