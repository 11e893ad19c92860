// The rows a use case's plan asks to be written, as plain data. A plan is a pure function's
// answer; the server's persist step turns these into one write statement. Timestamps and ids
// are in the records, so the answer built from a plan is exactly what a later read returns.

export interface Actor {
  id: number | null;
  role: string;
}

/** One entry of an order's timeline (order_events). */
export interface TimelineRecord {
  orderId: number;
  kind: string;
  actorId: number | null;
  actorRole: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** One audit row (audit_log); the request id is added by whoever writes it. */
export interface AuditRecord {
  actorId: number | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: number;
  orderId: number;
  before: unknown;
  after: unknown;
}

export function timelineRecord(
  orderId: number,
  kind: string,
  actor: Actor,
  at: Date,
  data: Record<string, unknown> = {},
): TimelineRecord {
  return { orderId, kind, actorId: actor.id, actorRole: actor.role, data, createdAt: at };
}
