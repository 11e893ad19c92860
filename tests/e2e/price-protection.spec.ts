// 申请价保: a shopper buys the charger (¥129.00), its shop then lowers the price to ¥99.00; on
// the order page 申请价保 shows the difference line by line (实付单价, 现价, 数量, 差价) and the
// period, 确认申请 starts the refund, and its page ends 已到账 through the sandbox provider.
// Asking again says why nothing more is due. Runs at desktop and phone size; the price is put
// back afterwards (the browser suite shares one server).
import { expect, request, test } from '@playwright/test';
import {
  DEMO,
  DEMO_PASSWORD,
  MERCHANT_OF_SHOP,
  expectNoHorizontalOverflow,
  login,
  snap,
} from './helpers.js';
import { refundStatus } from './refund-steps.js';
import { PRODUCT, SHOP, placeAndPay, registerShopper } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

const PAID_FEN = 12_900;
const LOWERED_FEN = 9_900;

/** Signs the shop's merchant in through the API, as their own browser would, and sets a price. */
async function setPrice(baseURL: string, variantId: number, priceFen: number): Promise<void> {
  const api = await request.newContext({ baseURL });
  try {
    await api.get('/api/v1/session');
    const csrf = (await api.storageState()).cookies.find((c) => c.name === 'btp_csrf')?.value ?? '';
    const headers = { 'x-csrf-token': csrf };
    const signedIn = await api.post('/api/v1/auth/login', {
      data: { account: MERCHANT_OF_SHOP[SHOP], password: DEMO_PASSWORD },
      headers,
    });
    expect(signedIn.ok()).toBe(true);
    const patched = await api.patch(`/api/v1/merchant/variants/${variantId}`, {
      data: { priceFen },
      headers,
    });
    expect(patched.ok(), await patched.text()).toBe(true);
  } finally {
    await api.dispose();
  }
}

test('申请价保 after a price drop: the difference per line, 确认申请, the refund ends 已到账', async ({
  page,
  baseURL,
}, testInfo) => {
  // Registers, buys and pays, then a refund through the provider: long on a busy machine.
  test.setTimeout(300_000);
  const shopper = await registerShopper(testInfo, {
    tag: 'price',
    nickname: '价保',
    mobileDigit: testInfo.project.name === 'phone' ? 7 : 3,
    password: 'Price2026ok',
  });
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: PRODUCT });

  const detail = (await (await page.request.get(`/api/v1/orders/${orderNo}`)).json()) as {
    lines: { variantId: number }[];
  };
  const variantId = detail.lines[0]!.variantId;

  await test.step('before any drop: 价格未下降, nothing to confirm', async () => {
    await page.getByRole('button', { name: '申请价保' }).click();
    const dialog = page.getByRole('dialog', { name: '申请价保' });
    await expect(dialog.getByText('暂无可退的差价')).toBeVisible();
    await expect(dialog.getByText('价格未下降')).toBeVisible();
    await expect(dialog.getByRole('button', { name: '确认申请' })).toBeDisabled();
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toBeHidden();
  });

  // The shop lowers the price; put it back afterwards for the other tests.
  await setPrice(baseURL!, variantId, LOWERED_FEN);
  try {
    await test.step('the quote: paid ¥129.00, today ¥99.00, 1 unit, ¥30.00 back', async () => {
      await page.reload();
      await page.getByRole('button', { name: '申请价保' }).click();
      const dialog = page.getByRole('dialog', { name: '申请价保' });
      await expect(
        dialog.getByText(/^价保期限至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      ).toBeVisible();
      await expect(dialog.getByText(PRODUCT)).toBeVisible();
      await expect(dialog.getByText('¥129.00')).toBeVisible();
      await expect(dialog.getByText('¥99.00')).toBeVisible();
      await expect(dialog.getByText('1 件')).toBeVisible();
      await expect(dialog.getByText('可退差价合计')).toBeVisible();
      await expect(dialog.getByText('¥30.00').first()).toBeVisible();
      await expectNoHorizontalOverflow(page);
      // The dialog itself stays inside the window (it floats above the page), once zoomed in.
      await expect
        .poll(async () => {
          const box = await dialog.boundingBox();
          const width = await page.evaluate(() => window.innerWidth);
          return box !== null && box.x >= 0 && box.x + box.width <= width;
        })
        .toBe(true);
      await snap(page, testInfo, 'price-protection-quote');
    });

    await test.step('确认申请: 退款已发起, and the refund page ends 已到账', async () => {
      const dialog = page.getByRole('dialog', { name: '申请价保' });
      await dialog.getByRole('button', { name: '确认申请' }).click();
      await expect(dialog.getByText('退款已发起')).toBeVisible();
      await expect(
        dialog.getByText('差价 ¥30.00 将原路退回，可在退款详情中查看进度。'),
      ).toBeVisible();
      await snap(page, testInfo, 'price-protection-started');
      await dialog.getByRole('link', { name: /查看退款/ }).click();
      await expect(page).toHaveURL(/\/refunds\/\d+$/);
      await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
      await expect(page.getByText('价保退款')).toBeVisible();
      await expect(page.getByText('¥30.00').first()).toBeVisible();
      await expect(refundStatus(page)).toHaveText('已到账', { timeout: 60_000 });
    });

    await test.step('asked again: 已申请过价保, nothing more due', async () => {
      await page.goto(`/orders/${orderNo}`);
      await page.getByRole('button', { name: '申请价保' }).click();
      const dialog = page.getByRole('dialog', { name: '申请价保' });
      await expect(dialog.getByText('已申请过价保')).toBeVisible();
      await expect(dialog.getByRole('button', { name: '确认申请' })).toBeDisabled();
    });
  } finally {
    await setPrice(baseURL!, variantId, PAID_FEN);
  }
});

test('the demo shopper has an order to try 申请价保 on, and one that already received it', async ({
  page,
}) => {
  await login(page, DEMO.shopper);
  // Only read: the demo orders stay as they are for whoever tries them.
  const list = (await (await page.request.get('/api/v1/orders?tab=all&limit=50')).json()) as {
    items: { orderNo: string }[];
  };
  let claimable = '';
  for (const { orderNo } of list.items) {
    const quote = (await (
      await page.request.get(`/api/v1/orders/${orderNo}/price-protection`)
    ).json()) as { available?: boolean };
    if (quote.available) claimable = orderNo;
  }
  expect(claimable, 'a demo order whose price dropped').not.toBe('');
  await page.goto(`/orders/${claimable}`);
  await page.getByRole('button', { name: '申请价保' }).click();
  const dialog = page.getByRole('dialog', { name: '申请价保' });
  await expect(dialog.getByText('可退差价合计')).toBeVisible();
  await expect(dialog.getByRole('button', { name: '确认申请' })).toBeEnabled();
  await dialog.getByRole('button', { name: '取消' }).click();

  const refunds = (await (await page.request.get('/api/v1/refunds')).json()) as {
    items: { orderNo: string; source: string }[];
  };
  const protectedOrder = refunds.items.find((r) => r.source === 'price_protection')?.orderNo;
  expect(protectedOrder, 'a demo order with 价保 received').toBeTruthy();
  await page.goto(`/orders/${protectedOrder}`);
  await expect(page.getByText('退款信息')).toBeVisible();
  await expect(page.getByRole('link', { name: /^价保退款 ¥[\d.]+，已到账/ })).toBeVisible();
  await page.getByRole('button', { name: '申请价保' }).click();
  await expect(
    page.getByRole('dialog', { name: '申请价保' }).getByText('已申请过价保'),
  ).toBeVisible();
});
