import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import {
  DELIVERY_STATUSES,
  PAYMENT_CHANNELS,
  REFUND_FAILURE_REASONS,
  REFUND_STATUSES,
  type IdempotencyRecord,
  type LedgerEntry,
  type PaymentRecord,
  type RefundRecord,
  type WebhookDelivery,
} from './model.js';

/** The mutable state, handed to `commit` callbacks. New collections (refunds…) go here. */
export interface StoreData {
  payments: Map<string, PaymentRecord>;
  /** Keyed by `${scope}:${key}`. */
  idempotency: Map<string, IdempotencyRecord>;
  deliveries: Map<string, WebhookDelivery>;
  refunds: Map<string, RefundRecord>;
  ledger: Map<string, LedgerEntry>;
}

const iso = z.string();
const snapshotSchema = z.object({
  version: z.literal(1),
  payments: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['pending', 'succeeded', 'voided']),
      amountFen: z.number().int(),
      currency: z.literal('CNY'),
      channel: z.enum(PAYMENT_CHANNELS).nullable(),
      merchantOrderNo: z.string(),
      description: z.string(),
      returnUrl: z.string(),
      notifyUrl: z.string(),
      createdAt: iso,
      succeededAt: iso.nullable(),
      voidedAt: iso.nullable(),
    }),
  ),
  idempotency: z.array(
    z.object({
      scope: z.string(),
      key: z.string(),
      requestHash: z.string(),
      resourceId: z.string(),
      createdAt: iso,
    }),
  ),
  deliveries: z.array(
    z.object({
      id: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      resourceId: z.string(),
      url: z.string(),
      body: z.string(),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number().int(),
      nextAttemptAt: z.number(),
      lastAttemptAt: iso.nullable(),
      lastStatusCode: z.number().int().nullable(),
      lastError: z.string().nullable(),
      createdAt: iso,
      deliveredAt: iso.nullable(),
    }),
  ),
  // Absent in snapshots written before refunds existed.
  refunds: z
    .array(
      z.object({
        id: z.string(),
        paymentId: z.string(),
        amountFen: z.number().int(),
        reason: z.string().nullable(),
        notifyUrl: z.string(),
        destination: z.discriminatedUnion('type', [
          z.object({ type: z.literal('original') }),
          z.object({ type: z.literal('balance'), accountRef: z.string() }),
          z.object({
            type: z.literal('bank_account'),
            bank: z.string(),
            accountNoMasked: z.string(),
          }),
        ]),
        channel: z.enum(PAYMENT_CHANNELS),
        status: z.enum(REFUND_STATUSES),
        failureReason: z.enum(REFUND_FAILURE_REASONS).nullable(),
        createdAt: iso,
        settledAt: iso.nullable(),
        failedAt: iso.nullable(),
        expectedSettleAt: iso,
        settleDueAt: z.number().nullable(),
        plannedFailure: z.enum(REFUND_FAILURE_REASONS).nullable(),
        shuffleEvents: z.boolean(),
      }),
    )
    .default([]),
  ledger: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(['refund_debit', 'refund_reversal']),
        refundId: z.string(),
        paymentId: z.string(),
        amountFen: z.number().int(),
        createdAt: iso,
      }),
    )
    .default([]),
});
type Snapshot = z.infer<typeof snapshotSchema>;

export function idempotencyMapKey(scope: string, key: string): string {
  return `${scope}:${key}`;
}

/**
 * In-memory maps, optionally mirrored to a JSON snapshot file. Every change goes through
 * `commit`, which applies it and then rewrites the snapshot atomically (temp file + rename).
 * If the write fails, memory is rolled back to the last saved state and the error is thrown,
 * so memory never holds a change that the file lacks.
 */
export class SandboxStore {
  private data: StoreData = emptyData();
  private lastSaved: string | null = null;

  private constructor(private readonly dataFile: string | undefined) {}

  /** Opens the store, loading `dataFile` if it exists. A corrupt file is an error, not a reset. */
  static open(dataFile?: string): SandboxStore {
    const store = new SandboxStore(dataFile);
    if (dataFile) {
      let text: string | null = null;
      try {
        text = readFileSync(dataFile, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (text !== null) {
        store.data = fromSnapshot(snapshotSchema.parse(JSON.parse(text)));
        store.lastSaved = text;
      }
    }
    return store;
  }

  getPayment(id: string): PaymentRecord | undefined {
    return this.data.payments.get(id);
  }

  listPayments(): PaymentRecord[] {
    return [...this.data.payments.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  getIdempotency(scope: string, key: string): IdempotencyRecord | undefined {
    return this.data.idempotency.get(idempotencyMapKey(scope, key));
  }

  getDelivery(id: string): WebhookDelivery | undefined {
    return this.data.deliveries.get(id);
  }

  listDeliveries(): WebhookDelivery[] {
    return [...this.data.deliveries.values()].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }

  getRefund(id: string): RefundRecord | undefined {
    return this.data.refunds.get(id);
  }

  /** In creation order (insertion order breaks ties of the injected clock). */
  listRefunds(): RefundRecord[] {
    return [...this.data.refunds.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  listLedger(): LedgerEntry[] {
    return [...this.data.ledger.values()];
  }

  /** Applies a synchronous change and persists it. Records must be replaced, not mutated. */
  commit<T>(change: (data: StoreData) => T): T {
    const result = change(this.data);
    this.persist();
    return result;
  }

  private persist(): void {
    if (!this.dataFile) return;
    const text = JSON.stringify(toSnapshot(this.data));
    try {
      writeAtomically(this.dataFile, text);
      this.lastSaved = text;
    } catch (err) {
      this.data = this.lastSaved
        ? fromSnapshot(snapshotSchema.parse(JSON.parse(this.lastSaved)))
        : emptyData();
      throw err;
    }
  }
}

function emptyData(): StoreData {
  return {
    payments: new Map(),
    idempotency: new Map(),
    deliveries: new Map(),
    refunds: new Map(),
    ledger: new Map(),
  };
}

function toSnapshot(data: StoreData): Snapshot {
  return {
    version: 1,
    payments: [...data.payments.values()],
    idempotency: [...data.idempotency.values()],
    deliveries: [...data.deliveries.values()],
    refunds: [...data.refunds.values()],
    ledger: [...data.ledger.values()],
  };
}

function fromSnapshot(snapshot: Snapshot): StoreData {
  return {
    payments: new Map(snapshot.payments.map((p) => [p.id, p])),
    idempotency: new Map(snapshot.idempotency.map((r) => [idempotencyMapKey(r.scope, r.key), r])),
    deliveries: new Map(snapshot.deliveries.map((d) => [d.id, d])),
    refunds: new Map(snapshot.refunds.map((r) => [r.id, r])),
    ledger: new Map(snapshot.ledger.map((e) => [e.id, e])),
  };
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', flush: true });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
