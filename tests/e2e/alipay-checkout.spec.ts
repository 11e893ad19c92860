// Paying with a real channel's page: the app runs with Alipay configured against the local
// Alipay (scripts/e2e-server.mjs). A shopper picks 支付宝 at checkout, reaches Alipay's cashier,
// comes back without paying, pays from the order's 去支付 (choosing the channel again), and
// Alipay's notify moves the order to 待发货; the shopper then cancels and the refund goes back to
// Alipay (已到账). Desktop and phone (Alipay's wap page).
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { expectNoHorizontalOverflow, login, snap } from './helpers.js';
import { ADDRESS, PRODUCT, registerShopper, type Shopper } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

const shoppers = new Map<string, Shopper>();

async function fileShopper(browser: Browser, testInfo: TestInfo): Promise<Shopper> {
  const known = shoppers.get(testInfo.project.name);
  if (known) return known;
  const shopper = await registerShopper(testInfo, {
    tag: 'alipay',
    nickname: '支付宝',
    mobileDigit: 3,
    password: 'Alipay2026ok',
  });
  shoppers.set(testInfo.project.name, shopper);
  return shopper;
}

/** Alipay's cashier page (another origin) for the order; its number is in the subject. */
async function atCashier(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { name: '支付宝收银台' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText('¥129.00')).toBeVisible();
  const subject = await page.getByText(/^B特派订单 \d{18}$/).textContent();
  return /(\d{18})/.exec(subject ?? '')?.[1] ?? '';
}

test('支付宝: choose it at checkout and at 去支付, pay at the cashier, then cancel and get the money back', async ({
  page,
  browser,
}, testInfo) => {
  // Registration, two visits to the cashier, payment, cancellation and the refund: the longest
  // flow of the suite on a busy machine.
  test.setTimeout(240_000);
  const shopper = await fileShopper(browser, testInfo);
  await login(page, shopper.email, shopper.password);

  await test.step('确认订单: 支付方式 offers the sandbox (default) and 支付宝', async () => {
    await page.goto('/');
    await page
      .getByRole('link', { name: new RegExp(PRODUCT) })
      .first()
      .click();
    await page.getByRole('button', { name: '一键下单' }).click();
    await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();
    const methods = page.getByRole('radiogroup', { name: '支付方式' });
    await expect(methods.getByRole('radio', { name: /沙箱支付（演示）/ })).toBeChecked();
    await methods.getByRole('radio', { name: /支付宝/ }).check();
    await expect(methods.getByRole('radio', { name: /支付宝/ })).toBeChecked();
    await page.getByLabel('详细地址').fill(ADDRESS);
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'checkout-channels');
  });

  let orderNo = '';
  await test.step('提交订单 → Alipay’s cashier; the shopper leaves without paying', async () => {
    await page.getByRole('button', { name: '提交订单' }).click();
    orderNo = await atCashier(page);
    expect(orderNo).toMatch(/^\d{18}$/);
    await snap(page, testInfo, 'alipay-cashier');
    await page.goto(`/orders/${orderNo}`);
    await expect(page.getByRole('heading', { name: '等待买家付款' })).toBeVisible();
  });

  await test.step('去支付 → 选择支付方式 → 支付宝 → 确认支付 → 确认付款 → 待发货', async () => {
    await page.getByRole('button', { name: '去支付' }).click();
    const dialog = page.getByRole('dialog', { name: '选择支付方式' });
    await expect(dialog.getByRole('radio', { name: /沙箱支付（演示）/ })).toBeChecked();
    await dialog.getByRole('radio', { name: /支付宝/ }).check();
    await expectNoHorizontalOverflow(page);
    await dialog.getByRole('button', { name: '确认支付' }).click();
    expect(await atCashier(page)).toBe(orderNo);
    await page.getByRole('button', { name: '确认付款' }).click();
    // Back on the order page, which waits for Alipay's notify.
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}`));
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible({
      timeout: 25_000,
    });
    await expect(page.getByText('支付宝').first()).toBeVisible();
  });

  await test.step('取消订单 → 价格因素 → 确认取消: 退回至 支付宝', async () => {
    await page.getByRole('button', { name: '取消订单' }).click();
    const dialog = page.getByRole('dialog', { name: '取消订单' });
    await dialog
      .getByRole('radiogroup', { name: '2. 取消原因' })
      .getByRole('radio', { name: '价格因素' })
      .check();
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退款金额 ¥129.00' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退回至 支付宝' })).toBeVisible();
  });

  await test.step('the refund goes back through Alipay: 已到账', async () => {
    await page.getByRole('link', { name: '查看退款' }).click();
    await expect(page.getByText('已到账').first()).toBeVisible({ timeout: 30_000 });
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'alipay-refunded');
  });
});
