import { and, desc, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { refundQueries, refunds, users } from '../../platform/db/schema/index.js';
import type { RefundRow } from './create.js';

/** A shopper's own refund; another shopper's is "not found". */
export async function ownRefund(db: Executor, shopperId: number, id: number): Promise<RefundRow> {
  const [row] = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.id, id), eq(refunds.shopperId, shopperId)));
  if (!row) throw new DomainError('REFUND_NOT_FOUND');
  return row;
}

/** A shopper's latest refunds, of one order or all. */
export function shopperRefunds(db: Executor, shopperId: number, orderId: number | null) {
  return db
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.shopperId, shopperId),
        orderId !== null ? eq(refunds.orderId, orderId) : undefined,
      ),
    )
    .orderBy(desc(refunds.id))
    .limit(50);
}

/** Refunds in one status, oldest first, for all shops (operators) or one (its merchant). */
export function refundQueue(db: Executor, status: RefundRow['status'], shopId: number | null) {
  return db
    .select()
    .from(refunds)
    .where(
      and(eq(refunds.status, status), shopId !== null ? eq(refunds.shopId, shopId) : undefined),
    )
    .orderBy(refunds.createdAt)
    .limit(200);
}

/** 催一下: what the provider said, kept for support. */
export async function recordRefundQuery(
  tx: Executor,
  q: {
    refundId: number;
    actorId: number;
    actorRole: string;
    providerStatus: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.insert(refundQueries).values({
    refundId: q.refundId,
    actorId: q.actorId,
    actorRole: q.actorRole,
    providerStatus: q.providerStatus,
    createdAt: q.at,
  });
}

/** The stored password hash of a user, to confirm it is them before money goes somewhere new. */
export async function passwordHashOf(db: Executor, userId: number): Promise<string | null> {
  const [user] = await db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  return user?.hash ?? null;
}
