import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileRefunds } from '../../src/server/modules/refunds/reconcile.js';
import type { Clock } from '../../src/server/platform/clock/clock.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { assertInvariants, raceSeed, seededRandom } from './race-support.js';
import {
  expireDeadLeases,
  sleep,
  startWorker,
  waitFor,
  type WorkerProcess,
} from './worker-process.js';
import {
  auditRefunds,
  cancelOrders,
  ourRefunds,
  paidOrders,
  setFaults,
  startRecordingProxy,
  statusCounts,
  type RecordingProxy,
} from './refund-support.js';

// Never lost: 200 approved refunds are paid out by a worker running as its own process
// (`main.ts worker`, against this file's database and sandbox, with webhooks coming back to
// this file's app), which is SIGKILLed at random moments and restarted. Every refund still ends
// 已到账 with money moved exactly once. Then, with every webhook dropped, reconciliation alone
// brings refunds to their final state.
const REFUNDS = 200;
const DROPPED = 30;

let stack: TestStack;
let proxy: RecordingProxy;
const workers = new Set<ChildProcess>();
beforeAll(async () => {
  proxy = await startRecordingProxy();
  stack = await startTestStack({ poolSize: 16, env: { SANDBOX_PAY_URL: proxy.url } });
  proxy.setTarget(stack.sandboxUrl);
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await stack?.close();
  await proxy?.close();
});

/** Starts `main.ts worker` against this file's database, sandbox (through the proxy) and app. */
function startRefundWorker(): Promise<WorkerProcess> {
  return startWorker(
    {
      DATABASE_URL: stack.testDb.url,
      DB_POOL_SIZE: '6',
      SANDBOX_PAY_URL: proxy.url,
      SANDBOX_PAY_API_KEY: stack.config.sandboxPay.apiKey,
      SANDBOX_PAY_WEBHOOK_SECRET: stack.config.sandboxPay.webhookSecret,
      SMTP_URL: stack.smtp.url,
      PUBLIC_URL: stack.baseUrl,
      WORKER_CONCURRENCY: '4',
    },
    workers,
  );
}

const shifted = (ms: number): Clock => ({ now: () => new Date(Date.now() + ms) });

/** Asks the provider about every quiet refund, as the reconcile job would 5 minutes from now. */
async function reconcileLater(): Promise<number> {
  const deps = { ...stack.runtime.deps, clock: shifted(5 * 60_000) };
  let changed = 0;
  for (;;) {
    const r = await reconcileRefunds(deps);
    changed += r.changed;
    if (r.checked < 100) return changed;
  }
}

describe('a refund worker killed mid-flight', () => {
  it(`pays out ${REFUNDS} refunds exactly once through ${'3-5'} SIGKILLs and restarts`, async () => {
    const seed = raceSeed('refund-kill');
    const rand = seededRandom(seed);
    const t0 = Date.now();
    const orders = await paidOrders(stack, [
      { group: 'a', priceFen: 4_400, count: REFUNDS / 2 },
      { group: 'b', priceFen: 9_900, count: REFUNDS / 2 },
    ]);
    const tPaid = Date.now();

    let worker = await startRefundWorker();
    // Cancelled a few at a time while the worker runs and dies: refunds keep arriving.
    const cancelling = cancelOrders(orders, 2);
    const kills: { afterMs: number; approved: number; leasesExpired: number; downMs: number }[] =
      [];
    const killCount = 3 + Math.floor(rand() * 3);
    for (let k = 0; k < killCount; k++) {
      const afterMs = 100 + Math.floor(rand() * 900);
      await sleep(afterMs);
      const approved = (await statusCounts(stack.db))['approved'] ?? 0;
      worker.child.kill('SIGKILL');
      await worker.exited;
      const down = Date.now();
      const leasesExpired = await expireDeadLeases(stack.db);
      worker = await startRefundWorker();
      kills.push({ afterMs, approved, leasesExpired, downMs: Date.now() - down });
    }
    const refundIds = await cancelling;
    expect(new Set(refundIds).size).toBe(REFUNDS);

    // The last worker finishes the job; reconciliation picks up anything whose webhooks gave up.
    const allDone = async () => ((await statusCounts(stack.db))['succeeded'] ?? 0) === REFUNDS;
    const byWorker = await waitFor(allDone, 20_000);
    const beforeReconcile = await statusCounts(stack.db);
    const reconciled = byWorker ? 0 : await reconcileLater();
    expect(await waitFor(allDone, 10_000)).toBe(true);
    worker.child.kill('SIGTERM');
    await worker.exited;
    const tDone = Date.now();

    const audit = await auditRefunds(stack);
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ refunds: REFUNDS, providerRefunds: REFUNDS });
    await assertInvariants(stack.db);

    // Kills between the provider's acceptance and our record of it: the retry under the stored
    // key was answered Idempotent-Replayed. Split by what the dead worker had seen.
    const byKey = proxy.refundCreatesByKey();
    let replayed = 0;
    let replayedAfterAnswer = 0;
    let replayedAfterAbort = 0;
    let abortedCalls = 0;
    for (const r of await ourRefunds(stack.db)) {
      const calls = byKey.get(r.provider_key ?? '') ?? [];
      expect(calls.filter((c) => c.status === 201).length).toBeLessThanOrEqual(1);
      abortedCalls += calls.filter((c) => c.status === 'aborted').length;
      const firstReplay = calls.findIndex((c) => c.replayed);
      if (firstReplay < 0) continue;
      replayed++;
      if (calls.slice(0, firstReplay).some((c) => c.status === 201)) replayedAfterAnswer++;
      else replayedAfterAbort++;
    }
    console.log(
      '[refund-kill]',
      JSON.stringify({
        seed,
        setupMs: tPaid - t0,
        killPhaseMs: tDone - tPaid,
        kills,
        beforeReconcile,
        reconciled,
        refundCreateCalls: proxy.calls.length,
        abortedCalls,
        replayedKeys: replayed,
        replayedAfterAnswer,
        replayedAfterAbort,
        withoutProcessing: audit.withoutProcessing,
      }),
    );
  }, 150_000);

  it('brings every refund to its final state by reconciliation when all webhooks are dropped', async () => {
    const orders = await paidOrders(stack, [{ group: 'drop', priceFen: 7_700, count: DROPPED }]);
    await setFaults(stack, { webhooks: { drop: true } });
    try {
      const ids = await cancelOrders(orders);
      await stack.runtime.worker.drain();
      await stack.sandbox.sandbox.flushWebhooks();
      const mine = async () =>
        (await ourRefunds(stack.db)).filter((r) => ids.includes(r.id)).map((r) => r.status);
      // Accepted (the submission's own answer says so); no webhook will ever say more.
      expect(new Set(await mine())).toEqual(new Set(['processing']));
      // Nothing changes by itself: only asking the provider does.
      expect(await reconcileRefunds(stack.runtime.deps)).toMatchObject({ changed: 0 });
      expect(await reconcileLater()).toBe(DROPPED);
      expect(new Set(await mine())).toEqual(new Set(['succeeded']));
    } finally {
      await setFaults(stack, null);
    }
    const audit = await auditRefunds(stack);
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ refunds: REFUNDS + DROPPED, providerRefunds: REFUNDS + DROPPED });
    await assertInvariants(stack.db);
  }, 90_000);
});
