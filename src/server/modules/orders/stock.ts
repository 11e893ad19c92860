import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { stockMovements, variants } from '../../platform/db/schema/index.js';
import type { WriteBatch } from '../../platform/db/write-batch.js';

export interface StockChange {
  variantId: number;
  quantity: number;
  orderId: number;
  orderLineId: number | null;
}

/**
 * Locks the variants' rows in ascending id order. Every use case that touches stock locks
 * order → lines → variants, always in this order, so concurrent requests cannot deadlock.
 */
export async function lockVariants(tx: Executor, ids: number[]) {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return [];
  return lockVariantRows(tx, { ids: unique });
}

/** One statement text for any number of variants (an array parameter, not an IN list). */
const lockVariantRows = fixedQuery((db) =>
  db
    .select()
    .from(variants)
    .where(sql`${variants.id} = ANY(${sql.placeholder('ids')}::bigint[])`)
    .orderBy(asc(variants.id))
    .for('update'),
);

function merged(changes: StockChange[]): Map<number, number> {
  const byVariant = new Map<number, number>();
  for (const c of changes)
    byVariant.set(c.variantId, (byVariant.get(c.variantId) ?? 0) + c.quantity);
  return byVariant;
}

type MovementKind = 'reserve' | 'release' | 'ship';

function movementRow(kind: MovementKind, c: StockChange): typeof stockMovements.$inferInsert {
  return {
    variantId: c.variantId,
    kind,
    quantity: c.quantity,
    orderId: c.orderId,
    orderLineId: c.orderLineId,
  };
}

async function record(tx: Executor, kind: MovementKind, changes: StockChange[]) {
  const rows = changes.filter((c) => c.quantity > 0);
  if (rows.length === 0) return;
  await tx.insert(stockMovements).values(rows.map((c) => movementRow(kind, c)));
}

/** The ledger rows of a move, into the caller's batch. */
function recordInto(batch: WriteBatch, kind: MovementKind, changes: StockChange[]) {
  const rows = changes.filter((c) => c.quantity > 0);
  if (rows.length > 0)
    batch.insert(
      stockMovements,
      rows.map((c) => movementRow(kind, c)),
    );
}

/**
 * Shelf → reserved (placement): every variant in one UPDATE, added to the caller's batch with
 * the ledger rows. The caller holds the variant locks (lockVariants) and has checked
 * availability; the CHECK constraints are the last line of defence against overselling.
 */
export function reserveStock(batch: WriteBatch, changes: StockChange[]): void {
  const rows = [...merged(changes)].filter(([, q]) => q > 0);
  if (rows.length > 0)
    batch.change(sql`UPDATE variants AS v SET stock_available = v.stock_available - c.q,
      stock_reserved = v.stock_reserved + c.q
      FROM unnest(${sql.param(rows.map(([variantId]) => variantId))}::bigint[],
        ${sql.param(rows.map(([, q]) => q))}::int[]) AS c(id, q)
      WHERE v.id = c.id`);
  recordInto(batch, 'reserve', changes);
}

/**
 * Reserved → shelf (cancellation): every variant in one UPDATE, added to the caller's batch with
 * the ledger rows. The UPDATE takes its rows from a locking sub-select in ascending id (which
 * the join runs whole, in its ORDER BY, before anything is changed), so the fixed lock order
 * holds without a statement of its own.
 */
export function releaseStock(batch: WriteBatch, changes: StockChange[]): void {
  const rows = [...merged(changes)].filter(([, q]) => q > 0);
  if (rows.length > 0) {
    const ids = sql.param(rows.map(([variantId]) => variantId));
    const quantities = sql.param(rows.map(([, q]) => q));
    batch.change(sql`UPDATE variants AS v SET stock_available = v.stock_available + c.q,
      stock_reserved = v.stock_reserved - c.q
      FROM (SELECT locked.id, c.q
        FROM (SELECT id FROM variants WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE) AS locked
        JOIN unnest(${ids}::bigint[], ${quantities}::int[]) AS c(id, q) ON c.id = locked.id) AS c
      WHERE v.id = c.id`);
  }
  recordInto(batch, 'release', changes);
}

/** Reserved → shipped. */
export async function shipStock(tx: Executor, changes: StockChange[]): Promise<void> {
  for (const [variantId, q] of merged(changes)) {
    if (q <= 0) continue;
    await tx.execute(sql`UPDATE variants SET stock_reserved = stock_reserved - ${q},
      stock_shipped = stock_shipped + ${q} WHERE id = ${variantId}`);
  }
  await record(tx, 'ship', changes);
}
