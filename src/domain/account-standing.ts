// Account standing (C9, seed 问题3): cancellations counted over a rolling window. Frequent
// cancelling first earns a warning, then puts later refunds into review. Re-ordering is never
// blocked: standing only changes how refunds are handled.

import type { CancellationSettings } from './cancellation-settings.js';

export type StandingLevel = 'good' | 'warned' | 'review';

export interface Standing {
  /** Cancellations in the rolling window. */
  count: number;
  level: StandingLevel;
}

type StandingSettings = Pick<
  CancellationSettings,
  'standingWarnAt' | 'standingReviewAt' | 'standingWindowDays'
>;

/** The first instant counted by the rolling window ending at `now`. */
export function standingWindowStart(settings: StandingSettings, now: Date): Date {
  return new Date(now.getTime() - settings.standingWindowDays * 86_400_000);
}

/** Review wins over warn if an operator sets the thresholds the other way round. */
export function standingOf(count: number, settings: StandingSettings): Standing {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`cancellation count must be a non-negative integer: ${count}`);
  }
  const level: StandingLevel =
    count >= settings.standingReviewAt
      ? 'review'
      : count >= settings.standingWarnAt
        ? 'warned'
        : 'good';
  return { count, level };
}

/**
 * The standing now and after one more cancellation. `crosses` names the threshold that
 * cancellation would reach, so the dialog can warn before the shopper confirms.
 */
export function standingAfterOneMore(
  count: number,
  settings: StandingSettings,
): { before: Standing; after: Standing; crosses: 'warn' | 'review' | null } {
  const before = standingOf(count, settings);
  const after = standingOf(count + 1, settings);
  const crosses =
    after.level === before.level ? null : after.level === 'review' ? 'review' : 'warn';
  return { before, after, crosses };
}

/** What the standing means for the shopper, in one or two sentences. */
export function describeStanding(
  s: Standing,
  settings: StandingSettings,
): { zh: string; en: string } {
  const days = settings.standingWindowDays;
  const review = settings.standingReviewAt;
  const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
  const zhCount = `近 ${days} 天取消 ${s.count} 次。`;
  const enCount = `You have cancelled ${times(s.count)} in the last ${days} days.`;
  switch (s.level) {
    case 'good':
      return {
        zh: `${zhCount}账户信誉良好。`,
        en: `${enCount} Your account is in good standing.`,
      };
    case 'warned':
      return {
        zh: `${zhCount}频繁取消可能影响账户信誉；达到 ${review} 次后，退款需人工审核。您仍可正常下单。`,
        en: `${enCount} Frequent cancelling may affect your account standing; from ${review} cancellations, refunds need a manual review. You can still place orders as usual.`,
      };
    case 'review':
      return {
        zh: `${zhCount}取消较为频繁，之后的退款需人工审核，到账可能稍慢。您仍可正常下单。`,
        en: `${enCount} Because of frequent cancelling, your refunds now need a manual review and may take a little longer. You can still place orders as usual.`,
      };
  }
}
