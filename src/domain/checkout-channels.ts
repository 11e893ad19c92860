/**
 * Which payment channels checkout offers. The operator keeps an ordered list (the first is the
 * one preselected for the shopper); what a process can actually take is decided by its
 * configuration (the sandbox plus the channels in PAYMENT_PROVIDERS; in production the sandbox is
 * left out, since it moves no money). Channels are plain names here: the domain knows no adapters.
 */
export type CheckoutChannelsRefusal = 'empty' | 'not_available' | 'duplicate';

/**
 * What checkout offers now: the operator's list as far as this process can take it, in the
 * operator's order. No stored list, or a list of which nothing is available any more (a channel
 * taken out of the configuration), offers everything available, so checkout never offers nothing.
 */
export function offeredChannels(
  available: readonly string[],
  stored: readonly string[] | null,
): string[] {
  const kept = (stored ?? []).filter((name) => available.includes(name));
  return kept.length > 0 ? [...new Set(kept)] : [...available];
}

/**
 * Checks an operator's new list against what this process can take. The list is stored as
 * given (its order is the shopper's order), so it must name each available channel at most once
 * and at least one.
 */
export function checkOfferedUpdate(
  available: readonly string[],
  requested: readonly string[],
): CheckoutChannelsRefusal | null {
  if (requested.length === 0) return 'empty';
  if (new Set(requested).size !== requested.length) return 'duplicate';
  if (requested.some((name) => !available.includes(name))) return 'not_available';
  return null;
}

/** The channel a 去支付 without a choice uses: the first offered. */
export function defaultChannel(offered: readonly string[]): string | null {
  return offered[0] ?? null;
}
