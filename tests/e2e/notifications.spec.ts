// 消息中心 (notifications): after a shopper cancels an order, the header bell counts the new
// notices and the message centre lists 订单取消成功 with a link to the order; opening the link
// marks it read, 全部已读 clears the rest. Runs at desktop and phone size.
//
// The shopper is registered for this file (one per project) and places and pays a fresh order,
// so the demo shopper's seeded orders and 账户信誉 stay as they are.
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import {
  DEMO,
  expectNoHorizontalOverflow,
  login,
  newContext,
  readRegisterCode,
  snap,
} from './helpers.js';

/** 数码优选旗舰店, ¥129.00, 支持全额退款: cancelling while 待发货 is instant. */
const PRODUCT = '65W 氮化镓快充头';
const ADDRESS = '浙江省杭州市西湖区文三路 100 号 2 单元 301';

test.use({ actionTimeout: 15_000 });

interface Shopper {
  email: string;
  password: string;
}

/** Registers a new shopper (codes read from the staff 邮箱 page). */
async function newShopper(browser: Browser, testInfo: TestInfo): Promise<Shopper> {
  const project = testInfo.project.name;
  const stamp = Date.now();
  const shopper = {
    email: `notices-${project}-${stamp}@e2e.btepai.test`,
    password: 'Notice2026ok',
  };
  // 1 + [5|7] + the last 9 digits of the clock: unique per run and per project.
  const mobile = `1${project === 'phone' ? 7 : 5}${String(stamp).slice(-9)}`;

  const opsContext = await newContext(browser, testInfo);
  const ops = await opsContext.newPage();
  const context = await newContext(browser, testInfo);
  const page = await context.newPage();
  try {
    await login(ops, DEMO.ops);
    await page.goto('/register');
    await page.getByLabel('邮箱', { exact: true }).fill(shopper.email);
    await page.getByLabel('手机号', { exact: true }).fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText('验证码已发送到您的邮箱和手机')).toBeVisible();
    await page.getByLabel('邮箱验证码').fill(await readRegisterCode(ops, shopper.email));
    await page.getByLabel('短信验证码').fill(await readRegisterCode(ops, mobile));
    await page.getByLabel('昵称').fill(`消息${String(stamp).slice(-4)}`);
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

/** Product → 一键下单 → 提交订单 → sandbox 支付宝 → 确认支付 → paid. Returns the order number. */
async function placeAndPay(page: Page): Promise<string> {
  await page.goto('/');
  await page
    .getByRole('link', { name: new RegExp(PRODUCT) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: PRODUCT })).toBeVisible();
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
  return /\/orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
}

test('消息中心: after cancelling an order it shows 订单取消成功 with a link to the order', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const shopper = await newShopper(browser, testInfo);
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
