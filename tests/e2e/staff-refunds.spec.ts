// Refunds by amount in the browser: an operator finds an order (订单查询), gives a 补偿 with a
// reason and records a 线下退款 with its receipt, and the order shows both; the demo shopper
// reads the 补偿 and the 线下退款 of the demo data on their own refund pages, in words.
//
// The operator's test runs at desk size only (@staff); the shopper's at desktop and phone size.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, MERCHANT_OF_SHOP, login, snap } from './helpers.js';
import { staffContext } from './refund-steps.js';
import { placeAndPay, registerShopper, SHOP } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

/** A small PNG drawn by the browser itself: the transfer slip of the 线下退款. */
async function receiptPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 90;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#e6f4ff';
    g.fillRect(0, 0, 120, 90);
    g.fillStyle = '#0958d9';
    g.fillRect(10, 30, 100, 20);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

test(
  '运营: 订单查询 → 补偿 with a reason → 线下退款 with a receipt; the order shows both',
  { tag: '@staff' },
  async ({ page, browser }, testInfo) => {
    const shopper = await registerShopper(testInfo, {
      tag: 'staffrefund',
      nickname: '补偿',
      // Numbers stay apart from other files by the clock digits after this one.
      mobileDigit: 7,
      password: 'Goodwill2026ok',
    });
    await login(page, shopper.email, shopper.password);
    // ¥129.00, paid with 支付宝.
    const orderNo = await placeAndPay(page);

    const context = await staffContext(browser, testInfo);
    const ops = await context.newPage();
    try {
      await test.step('the operator finds the order by its number', async () => {
        await login(ops, DEMO.ops);
        await ops.goto('/staff/search');
        await expect(ops.getByRole('heading', { name: '订单查询' })).toBeVisible();
        await ops.getByLabel('订单号').fill(orderNo);
        await ops
          .getByRole('button', { name: '搜 索' })
          .or(ops.getByRole('button', { name: '搜索' }))
          .click();
        await ops.getByRole('link', { name: orderNo }).click();
        await expect(ops.getByRole('heading', { name: `订单 ${orderNo}` })).toBeVisible();
      });

      await test.step('补偿 ¥10.00 for a late delivery: 退款已发起', async () => {
        await ops.getByRole('button', { name: '补偿', exact: true }).click();
        const dialog = ops.getByRole('dialog', { name: `补偿 · 订单 ${orderNo}` });
        await expect(dialog.getByText('最多可退 ¥129.00')).toBeVisible();
        // More than was paid is refused before anything is sent.
        await dialog.getByLabel('金额（元）').fill('200');
        await dialog.getByRole('button', { name: '确认补偿' }).click();
        await expect(dialog.getByText('超过可退金额，最多可退 ¥129.00')).toBeVisible();
        await expect(dialog.getByText('请选择补偿原因')).toBeVisible();
        await dialog.getByLabel('金额（元）').fill('10');
        await dialog.getByRole('radio', { name: '发货或物流延误' }).check();
        await dialog.getByLabel('备注（选填）').fill('快递延误两天');
        await snap(ops, testInfo, 'staff-goodwill-dialog');
        await dialog.getByRole('button', { name: '确认补偿' }).click();
        await expect(dialog.getByText('退款已发起')).toBeVisible();
        await expect(dialog.getByText('补偿退款 ¥10.00 将原路退回顾客')).toBeVisible();
        await dialog.getByRole('button', { name: '完成' }).click();
        await expect(dialog).toBeHidden();
      });

      await test.step('线下退款 ¥20.00 by bank transfer, with the transfer slip', async () => {
        await ops.getByRole('button', { name: '线下退款', exact: true }).click();
        const dialog = ops.getByRole('dialog', { name: `线下退款 · 订单 ${orderNo}` });
        // What is left after the 补偿.
        await expect(dialog.getByText('最多可退 ¥119.00')).toBeVisible();
        await expect(dialog.getByText(/线下退款不经支付渠道/)).toBeVisible();
        await dialog.getByLabel('金额（元）').fill('20');
        await expect(dialog.getByRole('radio', { name: '银行转账' })).toBeChecked();
        await dialog.getByLabel('参考号').fill('TRF-E2E-0001');
        const chooser = ops.waitForEvent('filechooser');
        await dialog.getByRole('button', { name: '选择文件' }).click();
        await (
          await chooser
        ).setFiles([
          { name: '转账回单.png', mimeType: 'image/png', buffer: await receiptPng(ops) },
        ]);
        await expect(dialog.getByText('转账回单.png')).toBeVisible();
        await dialog.getByRole('button', { name: '记录线下退款' }).click();
        await expect(dialog.getByText('线下退款已记录')).toBeVisible();
        await expect(dialog.getByText('¥20.00 已通过银行转账退还，记为已到账')).toBeVisible();
        await expect(dialog.getByText('凭证已上传')).toBeVisible();
        await snap(ops, testInfo, 'staff-offline-recorded');
        await dialog.getByRole('button', { name: '完成' }).click();
        await expect(dialog).toBeHidden();
      });

      await test.step('the order shows both refunds and the receipt', async () => {
        await ops.getByRole('tab', { name: '时间线' }).click();
        await expect(
          ops.getByText('补偿退款 ¥10.00（发货或物流延误），原路退回支付宝'),
        ).toBeVisible();
        await expect(
          ops.getByText('线下退款 ¥20.00，已通过银行转账退还（不经支付渠道）'),
        ).toBeVisible();
        await expect(ops.getByText('已上传退款凭证：转账回单.png')).toBeVisible();
        await ops.getByRole('tab', { name: '订单详情' }).click();
        // 已退款 on the order's one line: ¥10.00 + ¥20.00.
        await expect(ops.getByRole('row').filter({ hasText: '65W 氮化镓快充头' })).toContainText(
          '¥30.00',
        );
        await snap(ops, testInfo, 'staff-refunds-on-order');
      });
      await test.step('the merchant of the shop gives a 补偿 too, and records no 线下退款', async () => {
        await context.clearCookies();
        await login(ops, MERCHANT_OF_SHOP[SHOP] ?? DEMO.merchant1);
        await ops.goto(`/staff/orders/${orderNo}`);
        await expect(ops.getByRole('heading', { name: '订单详情' })).toBeVisible();
        await ops.getByRole('button', { name: '补偿', exact: true }).click();
        await expect(ops.getByRole('button', { name: '线下退款' })).toHaveCount(0);
        const dialog = ops.getByRole('dialog', { name: `补偿 · 订单 ${orderNo}` });
        await expect(dialog.getByText('最多可退 ¥99.00')).toBeVisible();
        await dialog.getByLabel('金额（元）').fill('5');
        await dialog.getByRole('radio', { name: '服务体验不佳' }).check();
        await dialog.getByRole('button', { name: '确认补偿' }).click();
        await expect(dialog.getByText('退款已发起')).toBeVisible();
        await dialog.getByRole('button', { name: '完成' }).click();
        await expect(ops.getByText('补偿退款 ¥5.00（服务体验不佳），原路退回支付宝')).toBeVisible();
      });
    } finally {
      await context.close();
    }

    await test.step('the shopper sees the 线下退款 as 已到账, with the method', async () => {
      await page.goto(`/orders/${orderNo}`);
      await page.getByRole('link', { name: /^线下退款 ¥20\.00，已到账/ }).click();
      await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
      await expect(page.getByText('款项已线下退还给您')).toBeVisible();
      await expect(page.getByText('转账回单.png')).toBeVisible();
    });
  },
);

test('买家: the 补偿 and the 线下退款 of the demo data read in words on the refund pages', async ({
  page,
}, testInfo) => {
  await login(page, DEMO.shopper);
  await page.goto('/orders?tab=after_sales');

  await page
    .getByRole('link', { name: /^补偿退款 ¥10\.00，/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
  await expect(page.getByText('补偿退款', { exact: true })).toBeVisible();
  await expect(page.getByText('发货或物流延误')).toBeVisible();
  await expect(page.getByText('这是商家或平台给您的补偿，按金额原路退回。')).toBeVisible();
  await snap(page, testInfo, 'shopper-goodwill-refund');

  await page.goto('/orders?tab=after_sales');
  await page
    .getByRole('link', { name: /^线下退款 ¥20\.00，已到账/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
  await expect(page.getByText('线下退款', { exact: true })).toBeVisible();
  await expect(page.getByText('银行转账', { exact: true })).toBeVisible();
  await expect(page.getByText('TRF-DEMO-0001')).toBeVisible();
  await expect(
    page.getByText('线下退款不经支付渠道：款项已通过银行转账退还给您，不会再原路退回。'),
  ).toBeVisible();
  await snap(page, testInfo, 'shopper-offline-refund');
});

test(
  '运营: 设置 → 价保与补偿 is saved on its own and audited',
  { tag: '@staff' },
  async ({ page }, testInfo) => {
    await login(page, DEMO.ops);
    await page.goto('/staff/settings');
    const section = page.getByTestId('settings-staff-refunds');
    await expect(section.getByText('价保与补偿')).toBeVisible();
    const days = section.getByLabel('价保期限（天）');
    await expect(days).not.toHaveValue('');
    await expect(section.getByLabel('补偿/价保超过此金额需审核（元）')).not.toHaveValue('');
    const before = await days.inputValue();
    const after = before === '8' ? '9' : '8';
    await days.fill(after);
    await section.getByRole('button', { name: '保存本节' }).click();
    await expect(page.getByText('设置已保存')).toBeVisible();
    await snap(page, testInfo, 'staff-refund-settings');

    await page.goto('/staff/audit');
    const row = page.getByRole('row').filter({ hasText: 'priceProtectionDays' }).first();
    // The audit page reads a long trail: give it time on a busy machine.
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText(
      new RegExp(`priceProtectionDays\\s*${before}\\s*→\\s*${after}`),
    );
  },
);
