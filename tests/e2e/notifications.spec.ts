// 消息中心 (notifications): after a shopper cancels an order, the header bell counts the new
// notices and the message centre lists 订单取消成功 with a link to the order; opening the link
// marks it read, 全部已读 clears the rest. Runs at desktop and phone size.
//
// The shopper is registered for this file (one per project) and places and pays a fresh order,
// so the demo shopper's seeded orders and 账户信誉 stay as they are.
import { expect, test, type TestInfo } from '@playwright/test';
import { expectNoHorizontalOverflow, login, snap } from './helpers.js';
import { placeAndPay, registerShopper, type Shopper } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

/** Registers a new shopper for one test. */
function newShopper(testInfo: TestInfo): Promise<Shopper> {
  return registerShopper(testInfo, {
    tag: 'notices',
    nickname: '消息',
    mobileDigit: testInfo.project.name === 'phone' ? 7 : 5,
    password: 'Notice2026ok',
  });
}

test('消息中心: after cancelling an order it shows 订单取消成功 with a link to the order', async ({
  page,
}, testInfo) => {
  const shopper = await newShopper(testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page);
  expect(orderNo).toMatch(/^\d{18}$/);

  await test.step('取消订单 → 订单取消成功', async () => {
    await page.getByRole('button', { name: '取消订单' }).click();
    const dialog = page.getByRole('dialog', { name: '取消订单' });
    await expect(dialog).toBeVisible();
    await dialog
      .getByRole('radiogroup', { name: '2. 取消原因' })
      .getByRole('radio', { name: '价格因素' })
      .check();
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}/cancelled$`));
    await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
  });

  const list = page.getByRole('list', { name: '消息中心' });
  const bell = page.getByRole('link', { name: '消息中心', exact: true });
  const cancelled = list
    .getByRole('listitem')
    .filter({ hasText: '订单取消成功' })
    .filter({ hasText: orderNo });

  await test.step('the header bell → 消息中心 lists 订单取消成功, unread', async () => {
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(page).toHaveURL(/\/messages$/);
    await expect(page.getByRole('heading', { name: /消息中心/ })).toBeVisible();
    // Notices are written by the worker shortly after the cancellation: look again until then.
    await expect(async () => {
      await page.reload();
      await expect(cancelled).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
    await expect(cancelled).toContainText('未读');
    const link = cancelled.getByRole('link', { name: '查看订单' });
    await expect(link).toHaveAttribute('href', `/orders/${orderNo}`);
    // The bell carries the unread count (shown on the badge, read out as its description).
    await expect(bell).toHaveAccessibleDescription(/^\d+ 条未读$/);
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'messages');
  });

  await test.step('查看订单 opens the order and marks the notice read', async () => {
    await cancelled.getByRole('link', { name: '查看订单' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));
    await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
    await page.goBack();
    await expect(cancelled).toBeVisible();
    await expect(cancelled).not.toContainText('未读');
  });

  await test.step('全部已读 clears the unread marks and the bell count', async () => {
    const readAll = page.getByRole('button', { name: '全部已读' });
    await expect(readAll).toBeEnabled();
    await readAll.click();
    await expect(page.getByText('已全部标为已读')).toBeVisible();
    await expect(list.getByText('未读')).toHaveCount(0);
    await expect(readAll).toBeDisabled();
    await expect(bell).toHaveAccessibleDescription('');
  });
});
