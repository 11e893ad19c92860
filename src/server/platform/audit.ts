import type { Executor } from './db/client.js';
import { auditLog } from './db/schema/index.js';
import { currentRequestId } from './audit-context.js';

export interface AuditEntry {
  actorId: number | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string | number;
  /** The order the change belongs to, so an order's audit trail is one indexed lookup. */
  orderId?: number | null | undefined;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

/**
 * Appends one audit row in the caller's transaction. Rows are never changed afterwards: the
 * database refuses UPDATE, DELETE and TRUNCATE on audit_log (migration 0008).
 */
export async function audit(tx: Executor, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(auditRow(e));
}

/** The audit row for an entry, to insert alone or in a WriteBatch. */
export function auditRow(e: AuditEntry): typeof auditLog.$inferInsert {
  const orderId = e.orderId ?? (e.entityType === 'order' ? Number(e.entityId) : null);
  return {
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: String(e.entityId),
    orderId,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: e.requestId ?? currentRequestId() ?? null,
  };
}
