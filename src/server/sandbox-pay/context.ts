import type { Faults } from './faults.js';
import { plannedDeliveries } from './faults.js';
import type { WebhookDelivery } from './model.js';
import type { SandboxStore, StoreData } from './store.js';

/** What the operations need; built once by the app. */
export interface SandboxContext {
  store: SandboxStore;
  publicUrl: string;
  now: () => Date;
  /** Called after a commit that enqueued a webhook delivery. */
  onDeliveryEnqueued: () => void;
  /** Called after a commit that added or changed a pending settlement. */
  onSettlementScheduled: () => void;
  /** Current fault settings; replaced by `/admin/faults`. Memory only. */
  faults: Faults;
  /** Idempotency keys that already had their one-off 500 (amount …903). Memory only. */
  oneOffErrorsFired: Set<string>;
  /** Multiplies every settlement delay (0 = due at once; 1 = real time). */
  settlementScale: number;
  /** Random source of the shuffle fault. */
  random: () => number;
}

/** Inserts an event's deliveries, shaped by the current webhook faults. Call inside `commit`. */
export function enqueueEvent(
  ctx: SandboxContext,
  data: StoreData,
  delivery: WebhookDelivery,
  opts: { hold?: boolean } = {},
): void {
  for (const d of plannedDeliveries(ctx.faults.webhooks, delivery, { hold: opts.hold ?? false })) {
    data.deliveries.set(d.id, d);
  }
}
