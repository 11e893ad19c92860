// 修改地址 before shipping: the shopper changes the address of a paid order the shop has not
// started preparing (applied at once), then, once the shop prepares it, asks again; the merchant
// sees the request on the order page and 同意修改s; the shopper's order shows the new address and
// both steps on 订单跟踪. Runs at desktop and phone size, in the words on screen.
import { expect, test, type Page } from '@playwright/test';
import {
  MERCHANT_OF_SHOP,
  expectNoHorizontalOverflow,
  login,
  newContext,
  snap,
} from './helpers.js';
import { ADDRESS, SHOP, placeAndPay, registerShopper } from './shopper-flows.js';

const FIRST = { name: '李四', phone: '13987654321', address: '上海市黄浦区南京东路 100 号 5 楼' };
const SECOND = { name: '王五', phone: '13712345678', address: '广州市天河区体育西路 8 号 1203' };

async function fillAddress(page: Page, a: typeof FIRST, submit: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: '修改收货地址' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('收货人').fill(a.name);
  await dialog.getByLabel('手机号').fill(a.phone);
  await dialog.getByLabel('详细地址').fill(a.address);
  await dialog.getByRole('button', { name: submit }).click();
  await expect(dialog).toBeHidden();
}

test('修改地址: at once before 备货, then as a request the merchant 同意修改s', async ({
  page,
  browser,
}, testInfo) => {
  // Registers, buys and pays, then two changes and a merchant: long on a busy machine.
  test.setTimeout(360_000);
  const shopper = await registerShopper(testInfo, {
    tag: 'address',
    nickname: '改址',
    mobileDigit: testInfo.project.name === 'phone' ? 5 : 3,
    password: 'Address2026ok',
  });
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page);

  await test.step('修改地址 before the shop prepares: applied at once', async () => {
    await expect(page.getByText(ADDRESS)).toBeVisible();
    await page.getByRole('button', { name: '修改地址' }).click();
    const dialog = page.getByRole('dialog', { name: '修改收货地址' });
    await expect(dialog.getByText('商家尚未备货，提交后立即生效。')).toBeVisible();
    // The checkout's checks: a number that is not a mainland mobile is refused on the spot.
    await dialog.getByLabel('手机号').fill('12345');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await expect(dialog.getByText('请输入正确的手机号')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'address-dialog');
    await fillAddress(page, FIRST, '确认修改');
    await expect(page.getByText('收货地址已修改', { exact: true })).toBeVisible();
    await expect(page.getByText(FIRST.address, { exact: true })).toBeVisible();
    await expect(
      page.getByText(`收货地址已修改为：${FIRST.name} ${FIRST.phone} ${FIRST.address}`),
    ).toBeVisible();
  });

  const merchantContext = await newContext(browser, testInfo);
  const merchant = await merchantContext.newPage();
  try {
    await test.step('the merchant starts 备货 on the order page', async () => {
      await login(merchant, MERCHANT_OF_SHOP[SHOP] ?? '');
      await merchant.goto(`/staff/orders/${orderNo}`);
      await expect(merchant.getByText(FIRST.address, { exact: true })).toBeVisible();
      await merchant.getByRole('button', { name: '备货', exact: true }).click();
      await expect(merchant.getByText('已开始备货')).toBeVisible();
    });

    await test.step('the shopper asks again: 提交修改申请, waiting for the shop', async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: '商家正在备货' })).toBeVisible();
      await page.getByRole('button', { name: '修改地址' }).click();
      const dialog = page.getByRole('dialog', { name: '修改收货地址' });
      await expect(
        dialog.getByText(/^商家已在备货，修改需商家同意。商家需在 \d+ 小时内处理/),
      ).toBeVisible();
      await fillAddress(page, SECOND, '提交修改申请');
      await expect(page.getByText('已提交修改申请，等待商家处理')).toBeVisible();
      await expect(page.getByText(/^修改地址申请待商家处理，商家需在 .+ 前处理$/)).toBeVisible();
      await expect(
        page.getByText(`新地址：${SECOND.name} ${SECOND.phone} ${SECOND.address}`),
      ).toBeVisible();
      // One request at a time; the order still shows the address it would ship to now.
      await expect(page.getByRole('button', { name: '修改地址' })).toHaveCount(0);
      await expect(page.getByText(FIRST.address, { exact: true })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await snap(page, testInfo, 'address-pending');
    });

    await test.step('the merchant sees both addresses and 同意修改s', async () => {
      await merchant.reload();
      // The shop's queue is read after the order: give it time on a busy machine.
      await expect(merchant.getByText('买家申请修改收货地址', { exact: true })).toBeVisible({
        timeout: 30_000,
      });
      await expect(
        merchant.getByText(`原地址：${FIRST.name} ${FIRST.phone} ${FIRST.address}`),
      ).toBeVisible();
      await expect(
        merchant.getByText(`新地址：${SECOND.name} ${SECOND.phone} ${SECOND.address}`),
      ).toBeVisible();
      await expectNoHorizontalOverflow(merchant);
      await snap(merchant, testInfo, 'address-merchant');
      await merchant.getByRole('button', { name: '同意修改' }).click();
      await expect(merchant.getByText('已同意修改，请按新地址发货')).toBeVisible();
      // The card goes (the timeline keeps its own line about the request).
      await expect(merchant.getByText('买家申请修改收货地址', { exact: true })).toBeHidden();
      await expect(merchant.getByText(SECOND.address, { exact: true })).toBeVisible();
    });
  } finally {
    await merchantContext.close();
  }

  await test.step('the shopper sees the new address and both steps on 订单跟踪', async () => {
    await page.reload();
    await expect(page.getByText(SECOND.address, { exact: true })).toBeVisible();
    await expect(page.getByText(/^修改地址申请待商家处理/)).toHaveCount(0);
    await expect(
      page.getByText(`商家已同意修改收货地址：${SECOND.name} ${SECOND.phone} ${SECOND.address}`),
    ).toBeVisible();
    await expect(
      page.getByText(`收货地址已修改为：${FIRST.name} ${FIRST.phone} ${FIRST.address}`),
    ).toBeVisible();
  });
});
