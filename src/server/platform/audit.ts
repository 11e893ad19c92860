import type { Executor } from './db/client.js';
import { auditLog } from './db/schema/index.js';

export interface AuditEntry {
  actorId: number | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

/** Appends one audit row in the caller's transaction. */
export async function audit(tx: Executor, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: String(e.entityId),
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: e.requestId ?? null,
  });
}
