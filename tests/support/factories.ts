import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { PolicyKind } from '../../src/domain/after-sales-policy.js';
import type { Db } from '../../src/server/platform/db/client.js';
import {
  products,
  shops,
  stockMovements,
  users,
  variants,
} from '../../src/server/platform/db/schema/index.js';
import { hashPassword } from '../../src/server/modules/accounts/service.js';
import type { TestClient } from './test-client.js';
import type { TestStack } from './test-stack.js';

export const TEST_PASSWORD = 'Test1234pw';
let passwordHash: Promise<string> | undefined;

let mobileCounter = 0;
function uniqueMobile(): string {
  mobileCounter++;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(mobileCounter).padStart(4, '0')}`;
}

export interface TestUser {
  id: number;
  email: string;
  mobile: string;
}

export async function createUser(
  db: Db,
  role: 'shopper' | 'merchant' | 'agent' | 'operator' = 'shopper',
  shopId: number | null = null,
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = `${role}-${randomBytes(5).toString('hex')}@example.test`;
  const [row] = await db
    .insert(users)
    .values({
      email,
      mobile: uniqueMobile(),
      passwordHash: await passwordHash,
      displayName: role,
      role,
      shopId,
    })
    .returning();
  if (!row) throw new Error('user insert failed');
  return { id: row.id, email: row.email, mobile: row.mobile };
}

export async function loginAs(stack: TestStack, user: TestUser): Promise<TestClient> {
  const client = stack.client();
  const res = await client.post('/api/v1/auth/login', {
    account: user.email,
    password: TEST_PASSWORD,
  });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

export interface TestShop {
  shopId: number;
  productId: number;
  variantIds: number[];
}

export async function createShop(
  db: Db,
  opts: {
    stock?: number;
    priceFen?: number;
    variants?: number;
    policy?: PolicyKind;
    shippingFeeFen?: number;
  } = {},
): Promise<TestShop> {
  const [shop] = await db
    .insert(shops)
    .values({ name: '测试店铺', nameEn: 'Test shop', shippingFeeFen: opts.shippingFeeFen ?? 0 })
    .returning();
  if (!shop) throw new Error('shop insert failed');
  const [product] = await db
    .insert(products)
    .values({
      shopId: shop.id,
      title: '测试商品',
      titleEn: 'Test product',
      policyKind: opts.policy ?? 'full_refund',
    })
    .returning();
  if (!product) throw new Error('product insert failed');
  const variantIds: number[] = [];
  for (let i = 0; i < (opts.variants ?? 1); i++) {
    const stock = opts.stock ?? 100;
    const [v] = await db
      .insert(variants)
      .values({
        productId: product.id,
        shopId: shop.id,
        name: `款式${i + 1}`,
        nameEn: `Style ${i + 1}`,
        priceFen: opts.priceFen ?? 1999,
        stockAvailable: stock,
      })
      .returning();
    if (!v) throw new Error('variant insert failed');
    await db.insert(stockMovements).values({ variantId: v.id, kind: 'receive', quantity: stock });
    variantIds.push(v.id);
  }
  return { shopId: shop.id, productId: product.id, variantIds };
}

export const ADDRESS = {
  name: '张三',
  phone: '13912345678',
  address: '北京市海淀区中关村大街 1 号',
};

/** Pays an order through the sandbox's own pay page over real HTTP, as a shopper's browser would. */
export async function payThroughSandbox(
  stack: TestStack,
  client: TestClient,
  orderNo: string,
  channel: 'balance' | 'alipay' | 'wechat' | 'card' = 'alipay',
): Promise<void> {
  const res = await client.post(
    `/api/v1/orders/${orderNo}/pay`,
    {},
    { 'idempotency-key': `pay-${orderNo}-k` },
  );
  if (res.status !== 200) throw new Error(`pay failed: ${res.status} ${JSON.stringify(res.body)}`);
  const payPath = new URL(res.body.payUrl as string).pathname;
  const page = await fetch(`${stack.sandboxUrl}${payPath}`);
  if (page.status !== 200) throw new Error(`pay page ${page.status}`);
  const confirm = await fetch(`${stack.sandboxUrl}${payPath}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel }).toString(),
    redirect: 'manual',
  });
  if (confirm.status !== 303) throw new Error(`confirm ${confirm.status}: ${await confirm.text()}`);
}

/** The stock invariant for a variant: shelf + reserved + shipped equals what was received. */
export async function stockOf(db: Db, variantId: number) {
  const [v] = await db.select().from(variants).where(eq(variants.id, variantId));
  const [ledger] = await db
    .select({
      received: sql<number>`COALESCE(SUM(CASE WHEN kind = 'receive' THEN quantity END), 0)::int`,
      reserved: sql<number>`COALESCE(SUM(CASE WHEN kind = 'reserve' THEN quantity WHEN kind IN ('release', 'ship') THEN -quantity END), 0)::int`,
      shipped: sql<number>`COALESCE(SUM(CASE WHEN kind = 'ship' THEN quantity END), 0)::int`,
    })
    .from(stockMovements)
    .where(eq(stockMovements.variantId, variantId));
  if (!v || !ledger) throw new Error('variant missing');
  return {
    available: v.stockAvailable,
    reserved: v.stockReserved,
    shipped: v.stockShipped,
    ledger,
  };
}
