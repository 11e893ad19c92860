// Creating coupons and issuing them: the operator for the platform or any shop, a merchant for
// their own shop only. Each act is one transaction with its audit row.

import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { CreateCouponRequest } from '../../../contracts/coupons.js';
import { assertCouponTerms, type CouponTerms } from '../../../domain/coupons.js';
import type { Actor } from '../../../domain/change-records.js';
import { DomainError } from '../../../domain/errors.js';
import { normaliseEmail, normaliseMobile } from '../../../domain/validation.js';
import { audit } from '../../platform/audit.js';
import type { Executor } from '../../platform/db/client.js';
import { coupons, shopperCoupons, shops, users } from '../../platform/db/schema/index.js';
import type { CouponRow } from './views.js';

/** Which coupons a staff member may manage: all, or their own shop's. */
export type CouponScope = { any: true } | { shopId: number };

export async function createCoupon(
  tx: Executor,
  actor: Actor,
  scope: CouponScope,
  input: CreateCouponRequest,
  requestId: string | undefined,
): Promise<CouponRow> {
  const shopId = 'shopId' in scope ? scope.shopId : input.scope === 'shop' ? input.shopId : null;
  const terms: CouponTerms = {
    scope: 'shopId' in scope ? 'shop' : input.scope,
    shopId,
    kind: input.kind,
    thresholdFen: input.thresholdFen,
    amountOffFen: input.kind === 'amount_off' ? input.amountOffFen : 0,
    percentOff: input.kind === 'percent_off' ? input.percentOff : 0,
    capFen: input.kind === 'percent_off' ? input.capFen : null,
    validFrom: new Date(input.validFrom),
    validUntil: new Date(input.validUntil),
  };
  assertCouponTerms(terms);
  if (terms.shopId !== null) {
    const [shop] = await tx.select({ id: shops.id }).from(shops).where(eq(shops.id, terms.shopId));
    if (!shop) throw new DomainError('COUPON_INVALID', { field: 'shopId' });
  }
  const [row] = await tx
    .insert(coupons)
    .values({
      ...terms,
      title: input.title,
      titleEn: input.titleEn,
      createdBy: actor.id,
      createdRole: actor.role,
    })
    .returning();
  if (!row) throw new Error('coupon insert returned nothing');
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'coupon.create',
    entityType: 'coupon',
    entityId: row.id,
    after: { ...terms, title: input.title },
    requestId,
  });
  return row;
}

/** The coupons a staff member may see, newest first. */
export async function listCoupons(tx: Executor, scope: CouponScope): Promise<CouponRow[]> {
  return tx
    .select()
    .from(coupons)
    .where('shopId' in scope ? eq(coupons.shopId, scope.shopId) : undefined)
    .orderBy(sql`${coupons.id} DESC`)
    .limit(200);
}

async function couponInScope(tx: Executor, id: number, scope: CouponScope): Promise<CouponRow> {
  const [row] = await tx
    .select()
    .from(coupons)
    .where(
      and(eq(coupons.id, id), 'shopId' in scope ? eq(coupons.shopId, scope.shopId) : undefined),
    );
  // Another shop's coupon is not found, so its existence does not leak.
  if (!row) throw new DomainError('COUPON_NOT_FOUND');
  return row;
}

/**
 * Issues a coupon to shoppers named by email, mobile or id. Every name must be a shopper's
 * (COUPON_RECIPIENT_NOT_FOUND lists those that are not, and nothing is issued); a shopper who
 * already holds the coupon keeps the one copy.
 */
export async function issueCoupon(
  tx: Executor,
  actor: Actor,
  scope: CouponScope,
  couponId: number,
  to: { recipients: string[]; shopperIds: number[] },
  now: Date,
  requestId: string | undefined,
): Promise<{ issued: number; alreadyHeld: number }> {
  const coupon = await couponInScope(tx, couponId, scope);
  const emails = to.recipients.filter((r) => r.includes('@')).map(normaliseEmail);
  const mobiles = to.recipients.filter((r) => !r.includes('@')).map(normaliseMobile);
  const conditions = [
    emails.length ? inArray(users.email, emails) : undefined,
    mobiles.length ? inArray(users.mobile, mobiles) : undefined,
    to.shopperIds.length ? inArray(users.id, to.shopperIds) : undefined,
  ].filter((c) => c !== undefined);
  const found = await tx
    .select({ id: users.id, email: users.email, mobile: users.mobile })
    .from(users)
    .where(and(eq(users.role, 'shopper'), or(...conditions)))
    .orderBy(asc(users.id));
  const missing = [
    ...emails.filter((e) => !found.some((u) => u.email === e)),
    ...mobiles.filter((m) => !found.some((u) => u.mobile === m)),
    ...to.shopperIds.filter((id) => !found.some((u) => u.id === id)).map(String),
  ];
  if (missing.length > 0) throw new DomainError('COUPON_RECIPIENT_NOT_FOUND', { missing });
  const inserted = await tx
    .insert(shopperCoupons)
    .values(
      found.map((u) => ({
        couponId: coupon.id,
        shopperId: u.id,
        issuedBy: actor.id,
        issuedRole: actor.role,
        issuedAt: now,
      })),
    )
    .onConflictDoNothing({ target: [shopperCoupons.couponId, shopperCoupons.shopperId] })
    .returning({ id: shopperCoupons.id, shopperId: shopperCoupons.shopperId });
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'coupon.issue',
    entityType: 'coupon',
    entityId: coupon.id,
    after: {
      shopperIds: inserted.map((r) => r.shopperId),
      alreadyHeld: found.length - inserted.length,
    },
    requestId,
  });
  return { issued: inserted.length, alreadyHeld: found.length - inserted.length };
}
