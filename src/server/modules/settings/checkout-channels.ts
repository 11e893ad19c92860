// The operator's choice of the channels checkout offers (settings key 'checkout_channels'): an
// ordered list whose first channel is preselected for the shopper. What can be offered at all is
// this deployment's configuration; the stored list is read against it on every use.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkOfferedUpdate, offeredChannels } from '../../../domain/checkout-channels.js';
import { DomainError } from '../../../domain/errors.js';
import {
  paymentChannelName,
  type CheckoutChannelsSettings,
  type PaymentChannelName,
} from '../../../contracts/payment-channels.js';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import { settings } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

export const CHECKOUT_CHANNELS_KEY = 'checkout_channels';

const stored = z.object({ offered: z.array(paymentChannelName) });

/**
 * What this deployment can take: every configured channel, and the sandbox except in production,
 * where it would let shoppers "pay" with money that does not exist.
 */
export function availableChannels(deps: Pick<Deps, 'channels' | 'config'>): PaymentChannelName[] {
  const production = deps.config.appEnv === 'production';
  return deps.channels.names.filter((name) => !(production && name === 'sandbox'));
}

async function storedOffered(db: Executor): Promise<PaymentChannelName[] | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CHECKOUT_CHANNELS_KEY));
  // A stored value that no longer fits reads as no choice (everything available), never a crash.
  const parsed = stored.safeParse(row?.value);
  return parsed.success ? parsed.data.offered : null;
}

/** The setting as the operator sees it: offered now, and what could be. */
export async function checkoutChannels(
  db: Executor,
  deps: Pick<Deps, 'channels' | 'config'>,
): Promise<CheckoutChannelsSettings> {
  const available = availableChannels(deps);
  const offered = offeredChannels(available, await storedOffered(db)) as PaymentChannelName[];
  return { offered, available };
}

/** The channels checkout offers now, the preselected one first. */
export async function offeredCheckoutChannels(
  db: Executor,
  deps: Pick<Deps, 'channels' | 'config'>,
): Promise<PaymentChannelName[]> {
  return (await checkoutChannels(db, deps)).offered;
}

/** An operator's new list, checked against the configuration, stored and audited in `tx`. */
export async function updateCheckoutChannels(
  tx: Executor,
  deps: Pick<Deps, 'channels' | 'config'>,
  offered: PaymentChannelName[],
  actor: { id: number; role: string },
  now: Date,
  requestId?: string,
): Promise<CheckoutChannelsSettings> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${CHECKOUT_CHANNELS_KEY}))`);
  const before = await checkoutChannels(tx, deps);
  const refusal = checkOfferedUpdate(before.available, offered);
  if (refusal) throw new DomainError('VALIDATION_FAILED', { field: 'offered', reason: refusal });
  const value = { offered };
  await tx
    .insert(settings)
    .values({ key: CHECKOUT_CHANNELS_KEY, value, updatedAt: now, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: now, updatedBy: actor.id },
    });
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'settings.update',
    entityType: 'settings',
    entityId: CHECKOUT_CHANNELS_KEY,
    before: { offered: before.offered },
    after: value,
    requestId,
  });
  return { offered, available: before.available };
}
