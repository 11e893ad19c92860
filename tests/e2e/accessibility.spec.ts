// Accessibility (axe-core) of the pages a shopper goes through on a phone, and of one staff
// queue: no serious or critical violation. The demo data is only read; the cancellation is a
// fresh shopper's own.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, login } from './helpers.js';
import { placeAndPay, registerShopper } from './shopper-flows.js';

/** The serious and critical findings of axe on what the page shows now, readable in a failure. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('登录 and 我的订单 have no serious accessibility problem', async ({ page }) => {
  await test.step('登录', async () => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  await login(page, DEMO.shopper);
  await test.step('我的订单, with orders in every state', async () => {
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await expect(page.getByRole('link', { name: /^\d{18}$/ }).first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test('an order, its 取消订单 dialog, 订单取消成功 and the refund have no serious accessibility problem', async ({
  page,
}, testInfo) => {
  // A shopper of this file's own, so the demo shopper's orders stay as they are.
  const shopper = await registerShopper(testInfo, {
    tag: 'a11y',
    nickname: '无障碍',
    mobileDigit: 3,
    password: 'Access2026ok',
  });
  await login(page, shopper.email, shopper.password);
  await placeAndPay(page);

  await test.step('the order', async () => {
    await expect(page.getByText('订单跟踪')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  const dialog = page.getByRole('dialog', { name: '取消订单' });
  await test.step('the 取消订单 dialog with its refund preview', async () => {
    await page.getByRole('button', { name: '取消订单' }).click();
    await expect(dialog).toBeVisible();
    // The browser asks for reduced motion (playwright.config.ts): the dialog appears without
    // its zoom, nothing in it animating.
    expect(await dialog.evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
    await expect(dialog.getByRole('button', { name: '确认取消' })).toBeDisabled();
    await dialog.getByRole('radio', { name: '价格因素' }).check();
    await expect(dialog.getByText('退款合计')).toBeVisible();
    await expect(dialog.getByRole('button', { name: '确认取消' })).toBeEnabled();
    expect(await seriousViolations(page)).toEqual([]);
  });

  await test.step('订单取消成功 and the refund page', async () => {
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '查看退款' }).click();
    await expect(page).toHaveURL(/\/refunds\/\d+$/);
    await expect(page.getByText('¥129.00').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test(
  'a staff queue (退款审核) has no serious accessibility problem',
  { tag: '@staff' },
  async ({ page }) => {
    await login(page, DEMO.ops);
    await page.goto('/staff/refunds');
    await expect(page.getByRole('heading', { name: '退款审核' })).toBeVisible();
    await expect(page.getByRole('tab').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  },
);
