import type { Executor } from '../../platform/db/client.js';
import { orderEvents } from '../../platform/db/schema/index.js';

export interface TimelineActor {
  id: number | null;
  role: string;
}

export const SYSTEM_ACTOR: TimelineActor = { id: null, role: 'system' };

export type TimelineRow = typeof orderEvents.$inferInsert;

/** One timeline entry, as a row to insert (alone or in a WriteBatch). */
export function timelineRow(
  orderId: number,
  kind: string,
  actor: TimelineActor,
  at: Date,
  data: Record<string, unknown> = {},
): TimelineRow {
  return { orderId, kind, actorId: actor.id, actorRole: actor.role, data, createdAt: at };
}

/** Appends one entry to an order's timeline, in the caller's transaction. */
export async function addTimeline(
  tx: Executor,
  orderId: number,
  kind: string,
  actor: TimelineActor,
  at: Date,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(orderEvents).values(timelineRow(orderId, kind, actor, at, data));
}
