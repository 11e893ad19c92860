// Steps shared by the refund browser tests: a shopper of their own, an order placed and paid
// through the sandbox page, staff console menus, and the sandbox provider's fault switches
// (the test's stand-in for a bank that closes an account or a slow payment network).
import {
  expect,
  request,
  type Browser,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { DEMO, login, newContext, readRegisterCode } from './helpers.js';

export const ADDRESS = '浙江省杭州市西湖区文三路 100 号 2 单元 301';

export interface Shopper {
  email: string;
  password: string;
}

/** Registers a new shopper (codes read from the staff 邮箱 page), so each test starts clean. */
export async function registerShopper(browser: Browser, testInfo: TestInfo): Promise<Shopper> {
  const stamp = Date.now();
  const project = testInfo.project.name;
  const shopper = { email: `refund-${project}-${stamp}@e2e.btepai.test`, password: 'Refund2026ok' };
  // 1 + [5|7] + the last 9 digits of the clock: unique per run and per project.
  const mobile = `1${project === 'phone' ? 7 : 5}${String(stamp).slice(-9)}`;
  const opsContext = await newContext(browser, testInfo);
  const context = await newContext(browser, testInfo);
  try {
    const ops = await opsContext.newPage();
    const page = await context.newPage();
    await login(ops, DEMO.ops);
    await page.goto('/register');
    await page.getByLabel('邮箱', { exact: true }).fill(shopper.email);
    await page.getByLabel('手机号', { exact: true }).fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText('验证码已发送到您的邮箱和手机')).toBeVisible();
    await page.getByLabel('邮箱验证码').fill(await readRegisterCode(ops, shopper.email));
    await page.getByLabel('短信验证码').fill(await readRegisterCode(ops, mobile));
    await page.getByLabel('昵称').fill(`退款${String(stamp).slice(-4)}`);
    await page.getByLabel('密码', { exact: true }).fill(shopper.password);
    await page.getByLabel('确认密码').fill(shopper.password);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect(page.getByText('注册成功，欢迎来到 B特派')).toBeVisible();
  } finally {
    await context.close();
    await opsContext.close();
  }
  return shopper;
}

/**
 * From the home page: the product → 数量 → 一键下单 → 提交订单 → the sandbox page → 支付宝 →
 * 确认支付 → back on the order page, paid. Returns the order number.
 */
export async function placeAndPay(page: Page, product: string, quantity = 1): Promise<string> {
  await page.goto('/');
  await page
    .getByRole('link', { name: new RegExp(product) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: product })).toBeVisible();
  if (quantity !== 1) await page.getByRole('spinbutton', { name: '数量' }).fill(String(quantity));
  await page.getByRole('button', { name: '一键下单' }).click();
  await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();
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

/** On the order's page: 取消订单 → 价格因素 → 确认取消 → 订单取消成功 → 查看退款. */
export async function cancelAndOpenRefund(page: Page): Promise<void> {
  await page.getByRole('button', { name: '取消订单' }).click();
  const dialog = page.getByRole('dialog', { name: '取消订单' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: '价格因素' }).check();
  await dialog.getByRole('button', { name: '确认取消' }).click();
  await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
  await page.getByRole('link', { name: '查看退款' }).click();
  await expect(page).toHaveURL(/\/refunds\/\d+$/);
  await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
}

/**
 * A browser for staff: at a desk, whatever device the shopper of the test holds (the console's
 * tables are what these tests read), with the project's language and time zone.
 */
export async function staffContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const use = testInfo.project.use;
  return browser.newContext({
    baseURL: use.baseURL,
    viewport: { width: 1280, height: 800 },
    locale: use.locale,
    timezoneId: use.timezoneId,
  });
}

/** A staff console page by its menu entry (behind the 菜单 button at phone size). */
export async function openStaffMenu(page: Page, label: string): Promise<void> {
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  const toggle = page.getByRole('button', { name: '菜单' });
  if (await toggle.isVisible()) await toggle.click();
  const item = page.getByRole('menuitem', { name: label });
  await expect(item).toBeVisible();
  await item.click();
}

/** The big status words on the refund page (退款中, 已到账, …). */
export function refundStatus(page: Page) {
  return page.getByRole('heading', { level: 3 });
}

/**
 * The sandbox provider's fault switches (`POST /admin/faults`), on the port after the app's.
 * `null` values clear; `clearFaults` puts everything back.
 */
export async function setSandboxFaults(baseURL: string, patch: object): Promise<void> {
  const url = new URL(baseURL);
  url.port = String(Number(url.port) + 1);
  const api = await request.newContext({
    baseURL: url.origin,
    extraHTTPHeaders: { authorization: 'Bearer sk_sandbox_demo' },
  });
  try {
    const res = await api.post('/admin/faults', { data: patch });
    expect(res.ok(), await res.text()).toBe(true);
  } finally {
    await api.dispose();
  }
}

export async function clearFaults(baseURL: string): Promise<void> {
  const url = new URL(baseURL);
  url.port = String(Number(url.port) + 1);
  const api = await request.newContext({
    baseURL: url.origin,
    extraHTTPHeaders: { authorization: 'Bearer sk_sandbox_demo' },
  });
  try {
    expect((await api.delete('/admin/faults')).ok()).toBe(true);
  } finally {
    await api.dispose();
  }
}
