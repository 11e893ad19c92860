// Coupons (优惠券): a shopper holding a shop coupon and a platform coupon checks out with the
// best pick preselected (and can change it), pays, cancels the whole order, is told before
// confirming that the coupons come back, and finds them under 我的优惠券 → 可用 again.
// Runs at desktop and phone size; the coupons are created and issued by the operator through
// the API (the console's 优惠券 page is tested in coupons-console.spec.ts).
import { expect, test, type Browser, type TestInfo } from '@playwright/test';
import { DEMO, login, newContext } from './helpers.js';
import { ADDRESS, PRODUCT, SHOP, registerShopper } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

const DAY = 86_400_000;

/** The operator creates a coupon and issues it to the shopper, through the API. */
async function issueCoupons(browser: Browser, testInfo: TestInfo, email: string): Promise<void> {
  const context = await newContext(browser, testInfo);
  try {
    const page = await context.newPage();
    await login(page, DEMO.ops);
    const api = context.request;
    const csrf = (await context.cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
    const headers = { 'x-csrf-token': csrf };
    const shops = (await (await api.get('/api/v1/shops')).json()) as {
      items: { id: number; name: string }[];
    };
    const shopId = shops.items.find((s) => s.name === SHOP)?.id;
    expect(shopId, `${SHOP} is a demo shop`).toBeDefined();
    const window = {
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + 30 * DAY).toISOString(),
    };
    for (const body of [
      {
        title: '数码店九折券',
        titleEn: 'Shop 10% off',
        scope: 'shop',
        shopId,
        kind: 'percent_off',
        percentOff: 10,
        capFen: 2_000,
      },
      {
        title: '平台满减券',
        titleEn: 'Platform',
        kind: 'amount_off',
        thresholdFen: 9_900,
        amountOffFen: 1_000,
      },
    ]) {
      const created = await api.post('/api/v1/ops/coupons', {
        data: { ...window, ...body },
        headers,
      });
      expect(created.status(), await created.text()).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const issued = await api.post(`/api/v1/ops/coupons/${id}/issue`, {
        data: { recipients: [email] },
        headers,
      });
      expect(issued.status(), await issued.text()).toBe(200);
    }
  } finally {
    await context.close();
  }
}

test('checkout with coupons, then a whole cancel gives them back', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await registerShopper(testInfo, {
    tag: 'coupons',
    nickname: '领券',
    mobileDigit: testInfo.project.name === 'phone' ? 9 : 3,
    password: 'Coupon2026ok',
  });
  await issueCoupons(browser, testInfo, shopper.email);
  await login(page, shopper.email, shopper.password);

  await test.step('我的优惠券 lists both as 可用', async () => {
    await page.goto('/coupons');
    await expect(page.getByRole('heading', { name: '我的优惠券' })).toBeVisible();
    await expect(page.getByText('数码店九折券')).toBeVisible();
    await expect(page.getByText('平台满减券')).toBeVisible();
    await expect(page.getByText('满¥99.00减¥10.00')).toBeVisible();
  });

  let orderNo = '';
  await test.step('checkout: the best coupons are preselected and can be changed', async () => {
    await page.goto('/');
    await page
      .getByRole('link', { name: new RegExp(PRODUCT) })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: PRODUCT })).toBeVisible();
    await page.getByRole('button', { name: '一键下单' }).click();
    await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();

    const shopChoice = page.getByRole('radiogroup', { name: `店铺券 · ${SHOP}` });
    const platformChoice = page.getByRole('radiogroup', { name: '平台券' });
    // ¥129: 9折 takes ¥12.90; 满99减10 then applies to the ¥116.10 left.
    await expect(shopChoice.getByRole('radio', { name: /数码店九折券/ })).toBeChecked();
    await expect(platformChoice.getByRole('radio', { name: /平台满减券/ })).toBeChecked();
    await expect(page.getByText('¥106.10')).toBeVisible();

    await platformChoice.getByRole('radio', { name: '不使用优惠券' }).check();
    await expect(page.getByText('¥116.10')).toBeVisible();
    await platformChoice.getByRole('radio', { name: /平台满减券/ }).check();
    await expect(page.getByText('¥106.10')).toBeVisible();

    await page.getByLabel('详细地址').fill(ADDRESS);
    await page.getByRole('button', { name: '提交订单' }).click();
    await expect(page.getByRole('button', { name: '确认支付' })).toBeVisible({ timeout: 20_000 });
    await page.getByRole('radio', { name: '支付宝' }).check();
    await page.getByRole('button', { name: '确认支付' }).click();
    await expect(page).toHaveURL(/\/orders\/\d{18}/);
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible({
      timeout: 25_000,
    });
    orderNo = /\/orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
    expect(orderNo).toMatch(/^\d{18}$/);
  });

  await test.step('the cancel dialog says the coupons come back; the whole order is refunded', async () => {
    await page.getByRole('button', { name: '取消订单' }).click();
    const dialog = page.getByRole('dialog', { name: '取消订单' });
    await expect(dialog).toBeVisible();
    await dialog
      .getByRole('radiogroup', { name: '2. 取消原因' })
      .getByRole('radio', { name: '价格因素' })
      .check();
    await expect(dialog.getByText('优惠券「数码店九折券」：优惠券将退回您的账户')).toBeVisible();
    await expect(dialog.getByText('优惠券「平台满减券」：优惠券将退回您的账户')).toBeVisible();
    await expect(dialog.getByText('退款合计')).toBeVisible();
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退款金额 ¥106.10' })).toBeVisible();
  });

  await test.step('我的优惠券: both are 可用 again', async () => {
    await page.goto('/coupons');
    await expect(page.getByText('数码店九折券')).toBeVisible();
    await expect(page.getByText('平台满减券')).toBeVisible();
    await page.getByText('已使用', { exact: true }).click();
    await expect(page.getByText('暂无优惠券')).toBeVisible();
  });
});
