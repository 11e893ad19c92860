/**
 * Faults on demand, like the bad days of a real provider.
 *
 * Sticky faults are set with `POST /admin/faults` and stay until changed (memory only: a
 * restart clears them). One-off faults need no admin call: they are chosen by the last three
 * digits of a refund's `amount_fen` (demo prices end in 00, so they never collide):
 *
 * | amount_fen ends in | effect                                                             |
 * | ------------------ | ------------------------------------------------------------------ |
 * | …901 (e.g. 901)    | accepted, then fails at settlement with `account_closed`           |
 * | …902               | accepted, then fails at settlement with `card_changed`             |
 * | …903               | the first create with a given Idempotency-Key answers 500 and      |
 * |                    | records nothing; the retry with the same key creates the refund    |
 * | …904               | the first create is accepted (recorded under the key, money moved) |
 * |                    | and then never answered (the connection is held, then destroyed);  |
 * |                    | the retry with the same key answers that same refund               |
 */
import { newId } from './ids.js';
import { REFUND_FAILURE_REASONS, type RefundFailureReason, type WebhookDelivery } from './model.js';

export const REFUND_CREATE_FAULTS = ['timeout_after_accept', 'error_500'] as const;
export type RefundCreateFault = (typeof REFUND_CREATE_FAULTS)[number];

export interface WebhookFaults {
  /** Every webhook is sent this many times (same event id and body). 1 = normal. */
  duplicate: number;
  /** Webhooks are never sent (recorded as `dropped`). */
  drop: boolean;
  /** A refund's events are held until it settles, then released in random order. */
  shuffle: boolean;
  /** Extra delay before the first attempt of each webhook. */
  delayMs: number;
}

export interface Faults {
  /** `error_500`: every refund create answers 500 and records nothing (replays too). */
  refundCreate: RefundCreateFault | null;
  /** Refunds accepted while set fail at settlement with this reason. */
  refundOutcome: RefundFailureReason | null;
  webhooks: WebhookFaults;
}

export function noFaults(): Faults {
  return {
    refundCreate: null,
    refundOutcome: null,
    webhooks: { duplicate: 1, drop: false, shuffle: false, delayMs: 0 },
  };
}

export interface FaultsJson {
  refund_create: RefundCreateFault | null;
  refund_outcome: RefundFailureReason | null;
  webhooks: { duplicate: number; drop: boolean; shuffle: boolean; delay_ms: number };
}

export function toFaultsJson(f: Faults): FaultsJson {
  return {
    refund_create: f.refundCreate,
    refund_outcome: f.refundOutcome,
    webhooks: {
      duplicate: f.webhooks.duplicate,
      drop: f.webhooks.drop,
      shuffle: f.webhooks.shuffle,
      delay_ms: f.webhooks.delayMs,
    },
  };
}

/** A partial `FaultsJson`: present keys replace, `null` clears. */
export interface FaultsPatch {
  refund_create?: RefundCreateFault | null | undefined;
  refund_outcome?: RefundFailureReason | null | undefined;
  webhooks?:
    | {
        duplicate?: number | undefined;
        drop?: boolean | undefined;
        shuffle?: boolean | undefined;
        delay_ms?: number | undefined;
      }
    | undefined;
}

export function applyFaultsPatch(current: Faults, patch: FaultsPatch): Faults {
  const w = patch.webhooks ?? {};
  return {
    refundCreate: patch.refund_create === undefined ? current.refundCreate : patch.refund_create,
    refundOutcome:
      patch.refund_outcome === undefined ? current.refundOutcome : patch.refund_outcome,
    webhooks: {
      duplicate: w.duplicate ?? current.webhooks.duplicate,
      drop: w.drop ?? current.webhooks.drop,
      shuffle: w.shuffle ?? current.webhooks.shuffle,
      delayMs: w.delay_ms ?? current.webhooks.delayMs,
    },
  };
}

export type AmountFault =
  | { kind: 'outcome'; reason: RefundFailureReason }
  | { kind: 'error_500_once' }
  | { kind: 'timeout_after_accept_once' };

/** The one-off fault a refund amount asks for, if any (see the table above). */
export function amountFault(amountFen: number): AmountFault | null {
  switch (amountFen % 1000) {
    case 901:
      return { kind: 'outcome', reason: REFUND_FAILURE_REASONS[0] };
    case 902:
      return { kind: 'outcome', reason: REFUND_FAILURE_REASONS[1] };
    case 903:
      return { kind: 'error_500_once' };
    case 904:
      return { kind: 'timeout_after_accept_once' };
    default:
      return null;
  }
}

/**
 * The delivery records to insert for one event under the current webhook faults: one `dropped`
 * record when dropping, else `duplicate` copies (same event id and body, own delivery ids),
 * `held` when the event belongs to a shuffled refund that has not settled yet.
 */
export function plannedDeliveries(
  faults: WebhookFaults,
  delivery: WebhookDelivery,
  opts: { hold: boolean },
): WebhookDelivery[] {
  if (faults.drop) return [{ ...delivery, status: 'dropped' }];
  const nextAttemptAt = Date.now() + faults.delayMs;
  const status = opts.hold ? 'held' : 'pending';
  return Array.from({ length: Math.max(1, faults.duplicate) }, (_, i) => ({
    ...delivery,
    id: i === 0 ? delivery.id : newId('whd'),
    status,
    nextAttemptAt,
  }));
}

/** Fisher-Yates with an injectable random source. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
