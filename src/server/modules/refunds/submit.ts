import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { refunds, type payments } from '../../platform/db/schema/index.js';
import {
  ChannelRejectedError,
  type ChannelProvider,
  type ChannelRefund,
  type NewRefundDestination,
  type PaymentReference,
} from '../../platform/payment-channels/channel-provider.js';
import { paidByStaff, refundAttemptKey, reissueRoute } from '../../../domain/refund-reissue.js';
import { CHANNEL_RAIL, SANDBOX } from '../../platform/payment-channels/registry.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import {
  ProviderRejectedError,
  type RefundDestination,
} from '../../platform/payment-provider/payment-provider.js';
import { applyProviderRefund } from './provider-sync.js';
import { lockRefund, transitionRefund } from './transition.js';
import {
  channelRefundReport,
  paymentReference,
  refundLines,
  refundPayment,
} from './channel-refunds.js';

type PaymentRow = typeof payments.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

/** Provider answers that no retry can change: the refund fails and the shopper is told. */
const FINAL_REJECTIONS = new Set([
  'amount_exceeds_refundable',
  'payment_not_found',
  'payment_not_paid',
]);

/**
 * Pays out an approved refund through the provider (automatic refunds, 四.1). The provider
 * idempotency key is stored in its own transaction before the call; a crash, timeout or 5xx
 * leads to a retry with the same key, so money moves once. Safe to run any number of times.
 */
export async function submitRefund(deps: Deps, refundId: number): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const prepared = await withTx(db, async (tx) => {
    const refund = await lockRefund(tx, refundId);
    if (!refund || refund.status !== 'approved') return null;
    const payment = await refundPayment(tx, refund);
    const viaChannel = payment !== null && payment.provider !== SANDBOX;
    const channel = viaChannel ? deps.channels.get(payment.provider) : undefined;
    const staffPays = paidByStaff({
      attempt: refund.attempt,
      viaChannel,
      channelReroutes: channel?.refundToNewDestination !== undefined,
      destinationType: (refund.destination as RefundDestination | null)?.type ?? null,
    });
    if (staffPays) {
      // The channel can only refund the original account: staff pay the destination the shopper
      // named and record the transfer (POST /ops/refunds/:id/staff-payout).
      await transitionRefund(tx, deps.outbox, refund, 'staff_payout', {
        actor: SYSTEM_ACTOR,
        now,
        reason: 'staff_payout',
        set: { payout: 'staff' },
      });
      return null;
    }
    const key = refund.providerKey ?? refundAttemptKey(refund.id, refund.attempt);
    // A channel names the refund by the key and the time it was first asked for (UnionPay's
    // txnTime): both are stored before the call, so a retry sends the same pair.
    const requestedAt = refund.providerKey ? (refund.submittedAt ?? now) : now;
    if (!refund.providerKey)
      await tx
        .update(refunds)
        .set({ providerKey: key, ...(viaChannel ? { submittedAt: requestedAt } : {}) })
        .where(eq(refunds.id, refund.id));
    return { refund, key, payment, requestedAt };
  });
  if (!prepared) return;
  const { refund, key, payment, requestedAt } = prepared;
  if (payment && payment.provider !== SANDBOX)
    return submitThroughChannel(deps, refund, key, payment, requestedAt);

  const paymentId = payment?.providerPaymentId ?? null;
  try {
    if (!paymentId)
      throw new ProviderRejectedError('payment_not_found', 'no captured payment for this order');
    const remote = await deps.payments.createRefund({
      idempotencyKey: key,
      paymentId,
      amountFen: refund.amountFen,
      reason: `B特派退款 ${refund.id}`,
      notifyUrl: deps.channels.notifyUrl(deps.config.publicUrl, SANDBOX),
      destination: (refund.destination as RefundDestination | null) ?? { type: 'original' },
    });
    await withTx(db, async (tx) => {
      const locked = await lockRefund(tx, refund.id);
      if (!locked) return;
      if (locked.providerRefundId !== remote.id) {
        await tx
          .update(refunds)
          .set({ providerRefundId: remote.id, submittedAt: now })
          .where(eq(refunds.id, refund.id));
      }
      await applyProviderRefund(tx, deps.outbox, remote, now);
    });
  } catch (err) {
    if (!(err instanceof ProviderRejectedError) || !FINAL_REJECTIONS.has(err.code)) throw err;
    await failRefund(deps, refund.id, err.code, err);
  }
}

/**
 * The same through the real channel that took the money, under our key, with the lines given
 * back. A re-issue after the card refused the refund goes to the new destination through the
 * channel's own call where it has one (see `reissueRoute`). Unavailable (timeout, 5xx, an answer
 * that did not verify): the job retries with the same key. Refused: final.
 */
async function submitThroughChannel(
  deps: Deps,
  refund: RefundRow,
  key: string,
  payment: PaymentRow,
  requestedAt: Date,
): Promise<void> {
  const now = deps.clock.now();
  const channel = deps.channels.get(payment.provider);
  if (!channel)
    throw new Error(`payment ${payment.id} went through ${payment.provider}, not configured`);
  try {
    const sent = await sendThroughChannel(deps, channel, refund, key, payment, requestedAt);
    await withTx(deps.database.db, async (tx) => {
      const locked = await lockRefund(tx, refund.id);
      if (!locked) return;
      // A re-routed refund keeps the refused attempt's key: its notifies come under it.
      if (locked.providerRefundId !== sent.key || locked.providerKey !== sent.key)
        await tx
          .update(refunds)
          .set({ providerKey: sent.key, providerRefundId: sent.key })
          .where(eq(refunds.id, refund.id));
      await applyProviderRefund(
        tx,
        deps.outbox,
        channelRefundReport(
          sent.remote,
          sent.key,
          sent.remote.amountFen ?? refund.amountFen,
          CHANNEL_RAIL[channel.name],
        ),
        now,
      );
    });
  } catch (err) {
    if (!(err instanceof ChannelRejectedError)) throw err;
    await failRefund(deps, refund.id, err.code, err);
  }
}

async function sendThroughChannel(
  deps: Deps,
  channel: ChannelProvider,
  refund: RefundRow,
  key: string,
  payment: PaymentRow,
  requestedAt: Date,
): Promise<{ key: string; remote: ChannelRefund }> {
  const reference = paymentReference(payment);
  const previousKey = refundAttemptKey(refund.id, refund.attempt - 1);
  const previous =
    refund.attempt > 1 && channel.refundToNewDestination
      ? await previousAttempt(channel, previousKey, reference)
      : null;
  const route = reissueRoute({
    refundId: refund.id,
    attempt: refund.attempt,
    channelReroutes: channel.refundToNewDestination !== undefined,
    previous,
  });
  if (route.kind === 'follow' && previous) return { key: route.key, remote: previous };
  if (route.kind === 'reroute' && previous && channel.refundToNewDestination) {
    const remote = await channel.refundToNewDestination(
      previous,
      channelDestination(refund.destination as RefundDestination | null),
    );
    return { key: route.key, remote };
  }
  const remote = await channel.refund({
    idempotencyKey: key,
    payment: reference,
    amountFen: refund.amountFen,
    reason: `B特派退款 ${refund.id}`,
    notifyUrl: deps.channels.notifyUrl(deps.config.publicUrl, channel.name),
    lines: await refundLines(deps.database.db, refund),
    requestedAt,
  });
  return { key, remote };
}

/** The refused attempt as the channel reports it; null when the channel has no such refund. */
async function previousAttempt(
  channel: ChannelProvider,
  key: string,
  payment: PaymentReference,
): Promise<ChannelRefund | null> {
  try {
    return await channel.queryRefund({
      idempotencyKey: key,
      payment,
      requestedAt: payment.requestedAt,
    });
  } catch (err) {
    // Unavailable: the job retries. Refused (no such refund): a new refund is issued.
    if (err instanceof ChannelRejectedError) return null;
    throw err;
  }
}

/**
 * The shopper's new destination as a channel takes it. A bank account goes to the shopper's
 * card (the account holder is the shopper's name on the account, given with it); the B特派
 * balance is paid by the merchant from its own bank account (WeChat's MERCHANT_BANK_CARD), and
 * the platform credits the balance.
 */
function channelDestination(d: RefundDestination | null): NewRefundDestination {
  if (d?.type === 'bank_account')
    return {
      type: 'bank_card',
      bankType: d.bank,
      accountNo: d.accountNo,
      holderName: d.holderName ?? '',
    };
  return { type: 'merchant_bank_card' };
}

async function failRefund(deps: Deps, refundId: number, code: string, err: Error): Promise<void> {
  deps.log.error({ err, refundId }, 'refund refused by the provider');
  await withTx(deps.database.db, async (tx) => {
    const locked = await lockRefund(tx, refundId);
    if (!locked) return;
    await transitionRefund(tx, deps.outbox, locked, 'provider_failed', {
      actor: SYSTEM_ACTOR,
      now: deps.clock.now(),
      reason: code,
      set: { failureReason: code },
    });
  });
}
