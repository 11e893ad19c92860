import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileRefunds } from '../../src/server/modules/refunds/reconcile.js';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { assertInvariants, outboxProblems } from './race-support.js';
import {
  auditRefunds,
  cancelOrders,
  ourRefunds,
  paidOrders,
  setFaults,
  startRecordingProxy,
  statusCounts,
  type PaidOrder,
  type ProviderCall,
  type RecordingProxy,
} from './refund-support.js';

// Never twice: 200 approved refunds meet a provider that accepts and then never answers, one
// that answers 500 (once per key, or for as long as the fault is set), and webhooks sent three
// times each. Once everything has settled, the provider moved money exactly once per refund,
// every refund is 已到账, and no order got back more than it paid.
//
// The provider client times out after 1 s (instead of 5 s) and the sandbox holds an unanswered
// request 10 s, so a "timeout after accept" is the client's own timeout, quickly.
const GROUPS = [
  // Submitted while every create is accepted and never answered (sticky fault).
  { group: 'timeout', priceFen: 8_800, count: 60 },
  // …904: the first create is accepted and never answered (one-off).
  { group: 'hang904', priceFen: 5_904, count: 20 },
  // …903: the first create with a key answers 500 and records nothing (one-off).
  { group: 'error903', priceFen: 12_903, count: 50 },
  // Submitted while every create answers 500 (sticky fault), retried after it is cleared.
  { group: 'error500', priceFen: 6_600, count: 40 },
  { group: 'plain', priceFen: 3_300, count: 30 },
] as const;
type Group = (typeof GROUPS)[number]['group'];

const clock = new ManualClock();
let stack: TestStack;
let proxy: RecordingProxy;
beforeAll(async () => {
  proxy = await startRecordingProxy();
  stack = await startTestStack({
    clock,
    poolSize: 24,
    faultHoldMs: 10_000,
    providerTimeoutMs: 1_000,
    env: { SANDBOX_PAY_URL: proxy.url, WORKER_CONCURRENCY: '16' },
  });
  proxy.setTarget(stack.sandboxUrl);
});
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

async function drainWith(faults: Record<string, unknown> | null, orders: PaidOrder[]) {
  const ids = await cancelOrders(orders);
  if (faults) await setFaults(stack, faults);
  try {
    await stack.runtime.worker.drain();
  } finally {
    if (faults) await setFaults(stack, { refund_create: null });
  }
  return ids;
}

describe('refund submission under provider faults', () => {
  it('moves money exactly once per refund and ends every refund 已到账', async () => {
    const t0 = Date.now();
    const orders = await paidOrders(stack, [...GROUPS]);
    const tPaid = Date.now();
    const of = (g: Group) => orders.filter((o) => o.group === g);
    await setFaults(stack, { webhooks: { duplicate: 3 } });

    const groupOfRefund = new Map<number, Group>();
    const remember = (g: Group, ids: number[]) => ids.forEach((id) => groupOfRefund.set(id, g));
    remember('timeout', await drainWith({ refund_create: 'timeout_after_accept' }, of('timeout')));
    remember('error500', await drainWith({ refund_create: 'error_500' }, of('error500')));
    const rest = [...of('hang904'), ...of('error903'), ...of('plain')];
    const restIds = await drainWith(null, rest);
    rest.forEach((o, i) => groupOfRefund.set(restIds[i]!, o.group as Group));
    const afterFirstPass = await statusCounts(stack.db);
    const tFirstPass = Date.now();

    // Settle and reconcile until nothing changes (bounded): each round moves the clock past the
    // outbox backoff and the reconciler's quiet period.
    const rounds: { counts: Record<string, number>; reconciled: number }[] = [];
    for (let round = 0; round < 12; round++) {
      clock.advance(5 * 60_000);
      await stack.settle();
      let reconciled = 0;
      for (;;) {
        const r = await reconcileRefunds(stack.runtime.deps);
        reconciled += r.changed;
        if (r.checked < 100) break;
      }
      await stack.settle();
      const counts = await statusCounts(stack.db);
      rounds.push({ counts, reconciled });
      const prev = rounds.at(-2);
      if (
        counts['succeeded'] === orders.length &&
        reconciled === 0 &&
        JSON.stringify(prev?.counts) === JSON.stringify(counts)
      )
        break;
    }
    const tDone = Date.now();

    const audit = await auditRefunds(stack);
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ refunds: 200, providerRefunds: 200 });
    expect(await statusCounts(stack.db)).toEqual({ succeeded: 200 });

    // What each idempotency key was answered, by group.
    const byKey = proxy.refundCreatesByKey();
    const refunds = await ourRefunds(stack.db);
    const shape = (calls: ProviderCall[]) =>
      calls.map((c) => (c.replayed ? `${c.status}R` : String(c.status))).join(' ');
    const shapes = new Map<Group, Map<string, number>>();
    for (const r of refunds) {
      const g = groupOfRefund.get(r.id)!;
      expect(r.provider_key).toBe(`refund-${r.id}-a1`);
      const calls = byKey.get(r.provider_key!) ?? [];
      // At most one create was answered "created": any other acceptance was a replay.
      expect(calls.filter((c) => c.status === 201).length).toBeLessThanOrEqual(1);
      const m = shapes.get(g) ?? new Map<string, number>();
      m.set(shape(calls), (m.get(shape(calls)) ?? 0) + 1);
      shapes.set(g, m);
      switch (g) {
        case 'timeout':
        case 'hang904':
          // Accepted, unanswered; the retry under the same key got the same refund back.
          expect(calls[0]?.status).toBe('aborted');
          expect(calls.slice(1).some((c) => c.status === 200 && c.replayed)).toBe(true);
          break;
        case 'error903':
        case 'error500':
          expect(calls[0]?.status).toBe(500);
          expect(calls.some((c) => c.status === 201)).toBe(true);
          break;
        case 'plain':
          expect(shape(calls)).toBe('201');
      }
    }

    // Every webhook went out three times; the app acted on each event once.
    const deliveries = await (
      await fetch(`${stack.sandboxUrl}/admin/webhook-deliveries`, {
        headers: { authorization: `Bearer ${stack.config.sandboxPay.apiKey}` },
      })
    ).json();
    const refundDeliveries = (
      deliveries as { data: { event_id: string; event_type: string; status: string }[] }
    ).data.filter((d) => d.event_type.startsWith('refund.'));
    const [receipts] = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM webhook_receipts`,
    );
    const byStatus: Record<string, number> = {};
    for (const d of refundDeliveries) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;

    const report = await assertInvariants(stack.db);
    expect(report.refunds).toBe(200);
    expect(await outboxProblems(stack.db, clock.now())).toEqual([]);

    console.log(
      '[refund-faults]',
      JSON.stringify({
        setupMs: tPaid - t0,
        firstPassMs: tFirstPass - tPaid,
        convergeMs: tDone - tFirstPass,
        afterFirstPass,
        rounds,
        withoutProcessing: audit.withoutProcessing,
        answersByGroup: Object.fromEntries([...shapes].map(([g, m]) => [g, Object.fromEntries(m)])),
        refundWebhookDeliveries: byStatus,
        distinctRefundEvents: new Set(refundDeliveries.map((d) => d.event_id)).size,
        webhookReceipts: receipts?.n,
      }),
    );
  }, 300_000);
});
