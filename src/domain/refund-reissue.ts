// A refund the original card refused (退款失败) is sent again after the shopper names a new
// destination (问题4). Where the channel has a call for that (WeChat Pay's abnormal refund), the
// refused refund itself is re-routed under its own key; otherwise a new refund goes out under the
// new attempt's key. The provider's state of the previous attempt decides, so a retry after a
// lost answer finds the re-routed refund instead of issuing a second one. A channel with no such
// call (Alipay, UnionPay) can only pay the original account: a re-issue the shopper sent
// elsewhere (余额, another bank account) is paid by staff outside the channel instead.

/** The provider key of one attempt of a refund: each re-issue has its own. */
export function refundAttemptKey(refundId: number, attempt: number): string {
  return `refund-${refundId}-a${attempt}`;
}

/** Our refund and attempt a provider key names, or null when the key is not one of ours. */
export function parseRefundAttemptKey(key: string): { refundId: number; attempt: number } | null {
  const m = /^refund-([1-9]\d{0,15})-a([1-9]\d{0,5})$/.exec(key);
  return m ? { refundId: Number(m[1]), attempt: Number(m[2]) } : null;
}

export interface PreviousAttempt {
  status: 'processing' | 'succeeded' | 'failed';
  failureReason: string | null;
}

export type ReissueRoute =
  /** Send the refused refund to the new destination (the provider's abnormal-refund call). */
  | { kind: 'reroute'; key: string }
  /** Already re-routed (our answer was lost): follow that refund under its key. */
  | { kind: 'follow'; key: string }
  /** A new refund under the new attempt's key. */
  | { kind: 'new_refund' };

export function reissueRoute(input: {
  refundId: number;
  attempt: number;
  /** Whether the channel can re-route a refused refund. */
  channelReroutes: boolean;
  /** The previous attempt as the provider reports it; null when not asked or not found. */
  previous: PreviousAttempt | null;
}): ReissueRoute {
  if (input.attempt < 2 || !input.channelReroutes || !input.previous) return { kind: 'new_refund' };
  const key = refundAttemptKey(input.refundId, input.attempt - 1);
  const { status, failureReason } = input.previous;
  if (status === 'failed')
    return failureReason === 'abnormal' ? { kind: 'reroute', key } : { kind: 'new_refund' };
  // The refused refund moves again only after it was re-routed.
  return { kind: 'follow', key };
}

/**
 * Whether staff must pay this attempt outside the channel: a re-issue to a destination other
 * than the original account, through a channel that can only refund the original account.
 */
export function paidByStaff(input: {
  attempt: number;
  /** The money went in through a real channel (not the sandbox, which pays any destination). */
  viaChannel: boolean;
  channelReroutes: boolean;
  /** The destination the shopper named; null or 'original' = back where it came from. */
  destinationType: string | null;
}): boolean {
  const elsewhere = input.destinationType !== null && input.destinationType !== 'original';
  return input.attempt >= 2 && input.viaChannel && !input.channelReroutes && elsewhere;
}
