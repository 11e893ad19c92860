import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { enqueueEvent, type SandboxContext } from './context.js';
import { refundEventDelivery } from './events.js';
import { amountFault, shuffled } from './faults.js';
import { newId } from './ids.js';
import type {
  LedgerEntry,
  PaymentChannel,
  PaymentRecord,
  RefundDestination,
  RefundRecord,
} from './model.js';
import { maskAccountNo } from './refund-json.js';
import { expectedSettlement } from './settlement-times.js';
import { idempotencyMapKey, type SandboxStore, type StoreData } from './store.js';

export type RefundDestinationInput =
  | { type: 'original' }
  | { type: 'balance'; account_ref: string }
  | { type: 'bank_account'; bank: string; account_no: string };

export interface CreateRefundInput {
  payment_id: string;
  amount_fen: number;
  reason?: string | null | undefined;
  notify_url: string;
  destination?: RefundDestinationInput | undefined;
}

const CREATE_SCOPE = 'refunds.create';
const MAX_TIMER_MS = 2 ** 31 - 1;

export type CreateRefundResult =
  /** `hang`: accepted, but the HTTP answer must not arrive in time (fault). */
  | { kind: 'created'; refund: RefundRecord; hang: boolean }
  | { kind: 'replayed'; refund: RefundRecord }
  | { kind: 'idempotency_key_reused' }
  | { kind: 'payment_not_found' }
  | { kind: 'payment_not_paid'; payment: PaymentRecord }
  | { kind: 'amount_exceeds_refundable'; refundableFen: number }
  /** Fault: answer 500; nothing was recorded. */
  | { kind: 'simulated_error' };

/** Payment amount minus every refund that is not failed (a failed refund's money came back). */
export function refundableFen(store: SandboxStore, payment: PaymentRecord): number {
  let taken = 0;
  for (const r of store.listRefunds()) {
    if (r.paymentId === payment.id && r.status !== 'failed') taken += r.amountFen;
  }
  return payment.amountFen - taken;
}

/**
 * Accepts a refund once per Idempotency-Key; a replay returns the refund as it is now, without
 * a second money movement. Acceptance records the refund, the key, the ledger debit and the
 * `refund.processing` event in one commit; a balance refund also settles in that commit.
 * Errors (404/409/422/500) record nothing, so a retry with the same key is always safe.
 */
export function createRefund(
  ctx: SandboxContext,
  idempotencyKey: string,
  input: CreateRefundInput,
): CreateRefundResult {
  if (ctx.faults.refundCreate === 'error_500') return { kind: 'simulated_error' };
  const requestHash = hashRequest(input);
  const existing = ctx.store.getIdempotency(CREATE_SCOPE, idempotencyKey);
  if (existing) {
    const refund = ctx.store.getRefund(existing.resourceId);
    if (existing.requestHash !== requestHash || !refund) return { kind: 'idempotency_key_reused' };
    return { kind: 'replayed', refund };
  }
  const payment = ctx.store.getPayment(input.payment_id);
  if (!payment) return { kind: 'payment_not_found' };
  if (payment.status !== 'succeeded' || !payment.channel)
    return { kind: 'payment_not_paid', payment };
  const refundable = refundableFen(ctx.store, payment);
  if (input.amount_fen > refundable) {
    return { kind: 'amount_exceeds_refundable', refundableFen: refundable };
  }
  const fault = amountFault(input.amount_fen);
  if (fault?.kind === 'error_500_once' && !ctx.oneOffErrorsFired.has(idempotencyKey)) {
    ctx.oneOffErrorsFired.add(idempotencyKey);
    return { kind: 'simulated_error' };
  }

  const now = ctx.now();
  const nowIso = now.toISOString();
  const { destination, channel } = route(input.destination, payment.channel);
  const expected = expectedSettlement(channel, now);
  const delayMs = Math.max(0, expected.getTime() - now.getTime());
  const refund: RefundRecord = {
    id: newId('re'),
    paymentId: payment.id,
    amountFen: input.amount_fen,
    reason: input.reason ?? null,
    notifyUrl: input.notify_url,
    destination,
    channel,
    status: 'processing',
    failureReason: null,
    createdAt: nowIso,
    settledAt: null,
    failedAt: null,
    expectedSettleAt: expected.toISOString(),
    settleDueAt: Date.now() + Math.round(delayMs * ctx.settlementScale),
    plannedFailure: fault?.kind === 'outcome' ? fault.reason : ctx.faults.refundOutcome,
    shuffleEvents: ctx.faults.webhooks.shuffle,
  };
  const debit: LedgerEntry = {
    id: newId('mv'),
    kind: 'refund_debit',
    refundId: refund.id,
    paymentId: payment.id,
    amountFen: refund.amountFen,
    createdAt: nowIso,
  };
  const instant = channel === 'balance';
  ctx.store.commit((data) => {
    data.refunds.set(refund.id, refund);
    data.idempotency.set(idempotencyMapKey(CREATE_SCOPE, idempotencyKey), {
      scope: CREATE_SCOPE,
      key: idempotencyKey,
      requestHash,
      resourceId: refund.id,
      createdAt: nowIso,
    });
    data.ledger.set(debit.id, debit);
    enqueueEvent(ctx, data, refundEventDelivery('refund.processing', refund, now), {
      hold: refund.shuffleEvents,
    });
    if (instant) settleInto(ctx, data, refund.id, now);
  });
  ctx.onDeliveryEnqueued();
  if (!instant) ctx.onSettlementScheduled();
  const hang =
    ctx.faults.refundCreate === 'timeout_after_accept' ||
    fault?.kind === 'timeout_after_accept_once';
  return { kind: 'created', refund: ctx.store.getRefund(refund.id) ?? refund, hang };
}

function route(
  input: RefundDestinationInput | undefined,
  paidWith: PaymentChannel,
): { destination: RefundDestination; channel: PaymentChannel } {
  switch (input?.type) {
    case undefined:
    case 'original':
      return { destination: { type: 'original' }, channel: paidWith };
    case 'balance':
      return {
        destination: { type: 'balance', accountRef: input.account_ref },
        channel: 'balance',
      };
    case 'bank_account':
      return {
        destination: {
          type: 'bank_account',
          bank: input.bank,
          accountNoMasked: maskAccountNo(input.account_no),
        },
        channel: 'card',
      };
  }
}

/**
 * Moves a processing refund to its planned outcome, inside a `commit`: `succeeded`, or `failed`
 * with the money reversed to the merchant. Emits the final event; for a shuffled refund, releases
 * all its held events in random order.
 */
function settleInto(ctx: SandboxContext, data: StoreData, id: string, now: Date): boolean {
  const current = data.refunds.get(id);
  if (!current || current.status !== 'processing') return false;
  const nowIso = now.toISOString();
  const failure = current.plannedFailure;
  const next: RefundRecord = failure
    ? { ...current, status: 'failed', failureReason: failure, failedAt: nowIso, settleDueAt: null }
    : { ...current, status: 'succeeded', settledAt: nowIso, settleDueAt: null };
  data.refunds.set(id, next);
  if (failure) {
    const reversal: LedgerEntry = {
      id: newId('mv'),
      kind: 'refund_reversal',
      refundId: id,
      paymentId: current.paymentId,
      amountFen: current.amountFen,
      createdAt: nowIso,
    };
    data.ledger.set(reversal.id, reversal);
  }
  const type = failure ? 'refund.failed' : 'refund.succeeded';
  enqueueEvent(ctx, data, refundEventDelivery(type, next, now), { hold: next.shuffleEvents });
  if (next.shuffleEvents) {
    const held = [...data.deliveries.values()].filter(
      (d) => d.resourceId === id && d.status === 'held',
    );
    // The sender attempts a resource's deliveries one after another in nextAttemptAt order.
    const base = Date.now() + ctx.faults.webhooks.delayMs;
    shuffled(held, ctx.random).forEach((d, i) => {
      data.deliveries.set(d.id, { ...d, status: 'pending', nextAttemptAt: base + i });
    });
  }
  return true;
}

/** Settles every processing refund whose (scaled) time has come, or all of them. */
function settleDueRefunds(ctx: SandboxContext, opts: { all?: boolean } = {}): number {
  const nowMs = Date.now();
  const due = ctx.store
    .listRefunds()
    .filter(
      (r) =>
        r.status === 'processing' &&
        r.settleDueAt !== null &&
        (opts.all === true || r.settleDueAt <= nowMs),
    );
  if (due.length === 0) return 0;
  const now = ctx.now();
  const settled = ctx.store.commit((data) =>
    due.reduce((n, r) => n + (settleInto(ctx, data, r.id, now) ? 1 : 0), 0),
  );
  if (settled > 0) ctx.onDeliveryEnqueued();
  return settled;
}

/**
 * The settlement scheduler: one timer at the earliest due settlement. Due times are persisted
 * wall-clock times, so after a restart `schedule()` resumes pending settlements (settling at
 * once those that fell due while the sandbox was down). Record times use the injected clock.
 */
export class RefundSettler {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly log: FastifyBaseLogger,
  ) {}

  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let earliest = Infinity;
    for (const r of this.ctx.store.listRefunds()) {
      if (r.status === 'processing' && r.settleDueAt !== null) {
        earliest = Math.min(earliest, r.settleDueAt);
      }
    }
    if (earliest === Infinity) return;
    this.arm(Math.min(Math.max(0, earliest - Date.now()), MAX_TIMER_MS));
  }

  /** Settles what is due now (`all`: every processing refund); returns how many settled. */
  settleDue(opts: { all?: boolean } = {}): number {
    if (this.closed) return 0;
    const settled = settleDueRefunds(this.ctx, opts);
    this.schedule();
    return settled;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.runDue(), delayMs);
    this.timer.unref();
  }

  private runDue(): void {
    this.timer = null;
    if (this.closed) return;
    try {
      settleDueRefunds(this.ctx);
    } catch (err) {
      // e.g. the snapshot could not be written: memory was rolled back; try again shortly.
      this.log.error({ err }, 'refund settlement failed');
      this.arm(1000);
      return;
    }
    this.schedule();
  }
}

function hashRequest(input: CreateRefundInput): string {
  const d = input.destination ?? { type: 'original' };
  const canonical = JSON.stringify([
    input.payment_id,
    input.amount_fen,
    input.reason ?? null,
    input.notify_url,
    d.type,
    d.type === 'balance' ? d.account_ref : null,
    d.type === 'bank_account' ? [d.bank, d.account_no] : null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
