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
import { dialogAtRest } from './helpers.js';
import { registerShopper, type Shopper } from './shopper-flows.js';

/** Registers a new shopper of the refund tests, so each test starts clean. */
export function registerRefundShopper(testInfo: TestInfo): Promise<Shopper> {
  return registerShopper(testInfo, {
    tag: 'refund',
    nickname: '退款',
    mobileDigit: testInfo.project.name === 'phone' ? 8 : 4,
    password: 'Refund2026ok',
  });
}

/** On the order's page: 取消订单 → 价格因素 → 确认取消 → 订单取消成功 → 查看退款. */
export async function cancelAndOpenRefund(page: Page): Promise<void> {
  await page.getByRole('button', { name: '取消订单' }).click();
  const dialog = page.getByRole('dialog', { name: '取消订单' });
  await dialogAtRest(dialog);
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
