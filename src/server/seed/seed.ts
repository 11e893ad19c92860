import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../platform/db/client.js';
import { withTx } from '../platform/db/tx.js';
import {
  payments,
  products,
  shops,
  stockMovements,
  users,
  variants,
} from '../platform/db/schema/index.js';
import type { AppOutbox } from '../events.js';
import { hashPassword } from '../modules/accounts/service.js';
import {
  completeOrder,
  deliverOrder,
  prepareOrder,
  shipOrder,
} from '../modules/orders/fulfilment.js';
import { runAddressChange } from '../modules/address-change/change.js';
import { runCancellation } from '../modules/cancellation/cancel.js';
import { issueStaffRefund } from '../modules/staff-refunds/issue.js';
import { placeOrders } from '../modules/orders/place-order.js';
import { SYSTEM_ACTOR } from '../modules/orders/timeline.js';
import { recordPaymentSuccess, sandboxSuccess } from '../modules/payments/record-payment.js';
import { DEMO_SHOPS } from './demo-catalog.js';
import { seedDemoCoupons } from './demo-coupons.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';

const HOUR = 3_600_000;

type Stage = 'pending' | 'paid' | 'preparing' | 'shipped' | 'completed' | 'cancelled';
/** Two demo orders in every state a shopper sees, oldest first. */
const STAGES: Stage[] = [
  'completed',
  'completed',
  'cancelled',
  'cancelled',
  'shipped',
  'shipped',
  'preparing',
  'preparing',
  'paid',
  'paid',
  'pending',
  'pending',
];
const CHANNELS = ['alipay', 'wechat', 'balance', 'card'] as const;

/** Loads demo shops, products, accounts and orders once; a second run finds them and stops. */
/** Pays a demo order at the payment provider; returns the provider's payment id. */
export type DemoPayer = (
  orderNo: string,
  amountFen: number,
  key: string,
  channel: DemoChannel,
) => Promise<string>;
type DemoChannel = (typeof CHANNELS)[number];

export async function seedDemo(
  db: Db,
  outbox: AppOutbox,
  log: Logger,
  now = new Date(),
  pay?: DemoPayer,
): Promise<boolean> {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_USERS[0].email));
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const shopIds: number[] = [];
  const variantIds: number[][] = [];
  await withTx(db, async (tx) => {
    for (const shop of DEMO_SHOPS) {
      const [s] = await tx
        .insert(shops)
        .values({ ...shop })
        .returning();
      if (!s) throw new Error('shop insert failed');
      shopIds.push(s.id);
      const ids: number[] = [];
      for (const p of shop.products) {
        const [row] = await tx
          .insert(products)
          .values({
            shopId: s.id,
            title: p.title,
            titleEn: p.titleEn,
            description: p.description,
            imageHue: p.hue,
            policyKind: p.policy,
            feeKind: p.feeKind ?? null,
            feeValue: p.feeValue ?? 0,
            bundle: p.bundle ?? false,
          })
          .returning();
        if (!row) throw new Error('product insert failed');
        for (const variant of p.variants) {
          const [vr] = await tx
            .insert(variants)
            .values({
              productId: row.id,
              shopId: s.id,
              name: variant.name,
              nameEn: variant.nameEn,
              priceFen: variant.priceFen,
              stockAvailable: variant.stock,
            })
            .returning();
          if (!vr) throw new Error('variant insert failed');
          await tx
            .insert(stockMovements)
            .values({ variantId: vr.id, kind: 'receive', quantity: variant.stock });
          ids.push(vr.id);
        }
      }
      variantIds.push(ids);
    }
    for (const u of DEMO_USERS) {
      await tx.insert(users).values({
        email: u.email,
        mobile: u.mobile,
        displayName: u.displayName,
        role: u.role,
        shopId: u.shopIndex === null ? null : (shopIds[u.shopIndex] ?? null),
        passwordHash,
        emailVerifiedAt: now,
        mobileVerifiedAt: now,
      });
    }
  });

  const [shopper] = await db.select().from(users).where(eq(users.email, DEMO_USERS[0].email));
  if (!shopper) throw new Error('demo shopper missing');
  const completed: string[] = [];
  for (const [i, stage] of STAGES.entries()) {
    const shopIndex = i % 2;
    const pool = variantIds[shopIndex] ?? [];
    // Recent enough that no delayed job (auto-complete after 10 days) fires on first start.
    const placedAt = new Date(now.getTime() - (STAGES.length - i) * 6 * HOUR);
    const orderNo = await seedOrder(db, outbox, pay, {
      shopperId: shopper.id,
      shopId: shopIds[shopIndex] ?? 0,
      stage,
      items: [
        { variantId: pool[(i * 3) % pool.length] ?? 0, quantity: 1 },
        { variantId: pool[(i * 3 + 4) % pool.length] ?? 0, quantity: 1 + (i % 2) },
      ],
      placedAt: stage === 'pending' ? new Date(now.getTime() - (12 - i) * 60_000) : placedAt,
      channel: CHANNELS[i % CHANNELS.length] ?? 'alipay',
      // The first order being prepared had its address changed by the shopper before that.
      changeAddress: stage === 'preparing' && STAGES.indexOf('preparing') === i,
      // 申请价保 to try: the first paid order's first item has become cheaper since it was
      // bought; the first shipped order's had too, and the shopper already received 价保.
      pricedDown: (stage === 'paid' || stage === 'shipped') && STAGES.indexOf(stage) === i,
      priceProtected: stage === 'shipped' && STAGES.indexOf(stage) === i,
    });
    if (stage === 'completed') completed.push(orderNo);
  }
  await seedStaffRefunds(db, outbox, completed, new Date(now.getTime() - 2 * HOUR));
  await seedDemoCoupons(db, shopper.id, shopIds[0] ?? 0, now);
  log.info('demo data loaded');
  return true;
}

/**
 * Refunds by amount on the two completed orders, so the operator's order page and the demo
 * shopper's refund pages show each kind: a 补偿 (paid out like any refund) and a 线下退款.
 */
async function seedStaffRefunds(
  db: Db,
  outbox: AppOutbox,
  [goodwillOrder, offlineOrder]: string[],
  now: Date,
): Promise<void> {
  const operatorEmail = DEMO_USERS.find((u) => u.role === 'operator')?.email ?? '';
  const [operator] = await db.select().from(users).where(eq(users.email, operatorEmail));
  if (!operator || !goodwillOrder || !offlineOrder) throw new Error('demo refunds: data missing');
  const actor = { id: operator.id, role: 'operator' };
  await withTx(db, async (tx) => {
    const ctx = { tx, outbox, actor, now };
    await issueStaffRefund(
      ctx,
      goodwillOrder,
      { any: true },
      {
        kind: 'goodwill',
        amountFen: 1_000,
        reasonCode: 'late_delivery',
        note: '物流延误两天，与顾客协商补偿 10 元',
      },
    );
    await issueStaffRefund(
      ctx,
      offlineOrder,
      { any: true },
      {
        kind: 'offline',
        amountFen: 2_000,
        method: 'bank_transfer',
        reference: 'TRF-DEMO-0001',
        note: '顾客原支付账户不可用，改为银行转账退还',
      },
    );
  });
}

async function seedOrder(
  db: Db,
  outbox: AppOutbox,
  pay: DemoPayer | undefined,
  o: {
    shopperId: number;
    shopId: number;
    stage: Stage;
    items: { variantId: number; quantity: number }[];
    placedAt: Date;
    channel: (typeof CHANNELS)[number];
    changeAddress?: boolean;
    /** The first item cost more when bought than it does now (the catalog's price). */
    pricedDown?: boolean;
    /** …and the shopper asked for 价保 after delivery. */
    priceProtected?: boolean;
  },
): Promise<string> {
  const at = (hours: number) => new Date(o.placedAt.getTime() + hours * HOUR);
  const order = await withTx(db, async (tx) => {
    // Bought at a higher price, which then went back to the catalog's: an order placed while
    // the price was up, so the catalog itself stays as demo-catalog.ts says.
    const first = o.items[0]?.variantId ?? 0;
    const [was] = o.pricedDown
      ? await tx
          .select({ priceFen: variants.priceFen })
          .from(variants)
          .where(eq(variants.id, first))
      : [];
    if (was)
      await tx
        .update(variants)
        .set({ priceFen: was.priceFen + Math.max(1000, Math.round(was.priceFen / 500) * 100) })
        .where(eq(variants.id, first));
    const [shopOrder] = await placeOrders(tx, outbox, {
      shopperId: o.shopperId,
      items: o.items,
      fromCart: false,
      address: {
        name: '小林',
        phone: '13800000001',
        address: '上海市浦东新区世纪大道 100 号 8 楼',
      },
      now: o.placedAt,
      // Demo unpaid orders stay payable for a day, so a newcomer has time to try them.
      paymentTimeoutMinutes: o.stage === 'pending' ? 24 * 60 : 30,
    });
    const placed = shopOrder?.order;
    if (!placed) throw new Error('demo order not placed');
    if (was)
      await tx.update(variants).set({ priceFen: was.priceFen }).where(eq(variants.id, first));
    if (o.stage === 'cancelled') {
      const ctx = { tx, outbox, actor: SYSTEM_ACTOR, now: at(1) };
      await runCancellation(ctx, {
        target: { id: placed.id },
        scope: { any: true },
        command: { kind: 'payment_timeout' },
      });
    }
    return placed;
  });
  if (o.stage === 'pending' || o.stage === 'cancelled') return order.orderNo;
  // Paid for real at the payment provider, so refunds of demo orders work like any other.
  const key = `pay-${order.orderNo}`;
  const providerId = pay
    ? await pay(order.orderNo, order.payableFen, key, o.channel)
    : `demo_${order.orderNo}`;
  await withTx(db, async (tx) => {
    const merchant = { tx, outbox, actor: { id: null, role: 'merchant' }, now: at(0) };
    const by = { id: order.id };
    const scope = { any: true } as const;
    await tx.insert(payments).values({
      orderId: order.id,
      idempotencyKey: key,
      providerPaymentId: providerId,
      amountFen: order.payableFen,
      status: 'pending',
    });
    await recordPaymentSuccess(
      tx,
      outbox,
      sandboxSuccess({
        id: providerId,
        status: 'succeeded',
        amountFen: order.payableFen,
        channel: o.channel,
        merchantOrderNo: order.orderNo,
        payUrl: '',
        succeededAt: at(0.1),
      }),
      at(0.1),
    );
    if (o.stage === 'paid') return;
    if (o.changeAddress)
      await runAddressChange(
        { tx, outbox, actor: { id: o.shopperId, role: 'shopper' }, now: at(1) },
        {
          target: { orderNo: order.orderNo },
          scope: { shopperId: o.shopperId },
          command: {
            kind: 'change',
            address: {
              name: '小林',
              phone: '13800000001',
              address: '上海市徐汇区漕溪北路 88 号 12 楼',
            },
          },
        },
      );
    await prepareOrder({ ...merchant, now: at(2) }, by, scope);
    if (o.stage === 'preparing') return;
    await shipOrder(
      { ...merchant, now: at(20) },
      by,
      scope,
      { carrier: '顺丰速运', trackingNo: `SF${order.orderNo.slice(-12)}` },
      10,
    );
    await deliverOrder({ ...merchant, now: at(30) }, by, scope);
    if (o.priceProtected)
      await issueStaffRefund(
        { tx, outbox, actor: { id: o.shopperId, role: 'shopper' }, now: at(31) },
        order.orderNo,
        { shopperId: o.shopperId },
        { kind: 'price_protection' },
      );
    if (o.stage === 'shipped') return;
    await completeOrder(
      { ...merchant, actor: { id: o.shopperId, role: 'shopper' }, now: at(36) },
      by,
      scope,
      'confirm_receipt',
    );
  });
  return order.orderNo;
}
