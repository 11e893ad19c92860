import type { Executor } from '../../platform/db/client.js';
import { orderEvents } from '../../platform/db/schema/index.js';

export interface TimelineActor {
  id: number | null;
  role: string;
}

export const SYSTEM_ACTOR: TimelineActor = { id: null, role: 'system' };

/** Appends one entry to an order's timeline, in the caller's transaction. */
export async function addTimeline(
  tx: Executor,
  orderId: number,
  kind: string,
  actor: TimelineActor,
  at: Date,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx
    .insert(orderEvents)
    .values({ orderId, kind, actorId: actor.id, actorRole: actor.role, data, createdAt: at });
}
