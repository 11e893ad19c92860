// What several browser tests do as a shopper before the part they test: register a fresh
// shopper (over the API) and place and pay an order (in the browser, by the words on screen).
import { randomBytes } from 'node:crypto';
import {
  expect,
  request,
  type APIRequestContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { DEMO, DEMO_PASSWORD } from './helpers.js';

/** 数码优选旗舰店, ¥129.00, 支持全额退款, no shipping fee: refunds are exactly 129 × units. */
export const PRODUCT = '65W 氮化镓快充头';
export const SHOP = '数码优选旗舰店';
export const ADDRESS = '浙江省杭州市西湖区文三路 100 号 2 单元 301';

export interface Shopper {
  email: string;
  password: string;
}

/**
 * Registers a new shopper over the HTTP API, as the web app's /register page does (codes
 * requested, read from the staff outbox as an operator, then the account created): flows that
 * need a shopper of their own start quickly. The /register page itself is driven in
 * purchase.spec.ts. `tag` names the test file in the address and the nickname; `mobileDigit`
 * (one per file and project) keeps mobile numbers apart between files.
 */
export async function registerShopper(
  testInfo: TestInfo,
  opts: { tag: string; nickname: string; mobileDigit: number; password: string },
): Promise<Shopper> {
  const project = testInfo.project.name;
  const stamp = Date.now();
  const shopper = {
    email: `${opts.tag}-${project}-${stamp}@e2e.btepai.test`,
    password: opts.password,
  };
  // 1 + a digit of the file's and project's own + the last 9 digits of the clock.
  const mobile = `1${opts.mobileDigit}${String(stamp).slice(-9)}`;

  const baseURL = testInfo.project.use.baseURL ?? '';
  const visitor = await apiSession(baseURL);
  const ops = await apiSession(baseURL);
  try {
    await apiCall(visitor, 'POST', '/api/v1/auth/register-codes', 202, {
      email: shopper.email,
      mobile,
    });
    await apiCall(ops, 'POST', '/api/v1/auth/login', 200, {
      account: DEMO.ops,
      password: DEMO_PASSWORD,
    });
    const [emailCode, smsCode] = [
      await readCodeOverApi(ops, shopper.email),
      await readCodeOverApi(ops, mobile),
    ];
    await apiCall(visitor, 'POST', '/api/v1/auth/register', 201, {
      email: shopper.email,
      mobile,
      password: shopper.password,
      displayName: `${opts.nickname}${String(stamp).slice(-4)}`,
      emailCode,
      smsCode,
    });
  } finally {
    await visitor.dispose();
    await ops.dispose();
  }
  return shopper;
}

/** A cookie jar of its own with the CSRF pair the web app sends (cookie and header alike). */
async function apiSession(baseURL: string): Promise<APIRequestContext> {
  const csrf = randomBytes(18).toString('base64url');
  const { hostname } = new URL(baseURL);
  return request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-csrf-token': csrf },
    storageState: {
      cookies: [
        {
          name: 'btp_csrf',
          value: csrf,
          domain: hostname,
          path: '/',
          expires: -1,
          httpOnly: false,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [],
    },
  });
}

/**
 * One API call that must answer `status`. A 429 (the registration limits count every flow of
 * the suite, all from one address) is waited out as its Retry-After says, as a client would.
 */
async function apiCall(
  api: APIRequestContext,
  method: 'GET' | 'POST',
  url: string,
  status: number,
  data?: object,
): Promise<unknown> {
  for (;;) {
    const res = await api.fetch(url, { method, ...(data ? { data } : {}) });
    if (res.status() === 429) {
      const wait = Number(res.headers()['retry-after'] ?? '5');
      await new Promise((r) => setTimeout(r, Math.min(wait, 60) * 1000));
      continue;
    }
    expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
    return res.json();
  }
}

/** The newest registration code sent to `recipient` (email or SMS), once the outbox sent it. */
async function readCodeOverApi(ops: APIRequestContext, recipient: string): Promise<string> {
  const codeText = /(?:注册验证码：|验证码是 ?)(\d{6})/;
  let code = '';
  await expect(async () => {
    const page = (await apiCall(
      ops,
      'GET',
      `/api/v1/staff/outgoing-messages?recipient=${encodeURIComponent(recipient)}&limit=5`,
      200,
    )) as { items: { recipient: string; subject: string; body: string }[] };
    const hit = page.items
      .filter((m) => m.recipient === recipient.toLowerCase())
      .map((m) => codeText.exec(`${m.subject} ${m.body}`))
      .find((m) => m !== null);
    expect(hit, `a registration code for ${recipient}`).toBeTruthy();
    code = hit?.[1] ?? '';
  }).toPass({ timeout: 30_000, intervals: [200, 500, 1_000] });
  return code;
}

/**
 * From the home page: the product → 数量 → 一键下单 → 提交订单 → the sandbox page → 支付宝 →
 * 确认支付 → back on the order page, paid. Returns the order number.
 */
export async function placeAndPay(
  page: Page,
  { product = PRODUCT, quantity = 1 }: { product?: string; quantity?: number } = {},
): Promise<string> {
  await page.goto('/');
  await page
    .getByRole('link', { name: new RegExp(product) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: product })).toBeVisible();
  if (product === PRODUCT)
    await expect(page.getByRole('navigation').getByRole('link', { name: SHOP })).toBeVisible();
  if (quantity !== 1) await page.getByRole('spinbutton', { name: '数量' }).fill(String(quantity));
  await page.getByRole('button', { name: '一键下单' }).click();

  await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();
  await expect(page.getByText(product)).toBeVisible();
  await page.getByLabel('详细地址').fill(ADDRESS);
  await page.getByRole('button', { name: '提交订单' }).click();

  await expect(page.getByRole('button', { name: '确认支付' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('radio', { name: '支付宝' }).check();
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/orders\/\d{18}/);
  await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible({
    timeout: 25_000,
  });
  const orderNo = /\/orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
  expect(orderNo).toMatch(/^\d{18}$/);
  return orderNo;
}
