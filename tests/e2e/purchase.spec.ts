// A new shopper registers (codes read from the staff 邮箱 page), buys a product with 一键下单,
// pays on the sandbox page, the shop's merchant prepares and ships it, the shopper confirms
// receipt. Runs at desktop and phone size.
import { expect, test } from '@playwright/test';
import {
  DEMO,
  MERCHANT_OF_SHOP,
  login,
  newContext,
  openTab,
  readRegisterCode,
  snap,
} from './helpers.js';

const PRODUCT = '65W 氮化镓快充头';

test('a new shopper registers, buys, pays; the merchant ships; the shopper confirms receipt', async ({
  page,
  browser,
}, testInfo) => {
  const stamp = Date.now();
  const project = testInfo.project.name;
  const email = `buyer-${project}-${stamp}@e2e.btepai.test`;
  // 1 + [5|7] + the last 9 digits of the clock: unique per run and per project.
  const mobile = `1${project === 'phone' ? 7 : 5}${String(stamp).slice(-9)}`;
  const password = 'Buyer2026ok';
  const nickname = `买家${String(stamp).slice(-4)}`;

  // The operator's mailbox, to read the codes.
  const opsContext = await newContext(browser, testInfo);
  const ops = await opsContext.newPage();
  await login(ops, DEMO.ops);
  await expect(ops.getByRole('heading', { name: '邮箱与短信' })).toBeVisible();

  await test.step('register with email and SMS codes', async () => {
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: '注册 B特派 账号' })).toBeVisible();
    await page.getByLabel('邮箱', { exact: true }).fill(email);
    await page.getByLabel('手机号', { exact: true }).fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByText('验证码已发送到您的邮箱和手机')).toBeVisible();
    await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();

    const emailCode = await readRegisterCode(ops, email);
    const smsCode = await readRegisterCode(ops, mobile);

    await page.getByLabel('邮箱验证码').fill(emailCode);
    await page.getByLabel('短信验证码').fill(smsCode);
    await page.getByLabel('昵称').fill(nickname);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByLabel('确认密码').fill(password);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect(page.getByText('注册成功，欢迎来到 B特派')).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
  });
  await opsContext.close();

  let shop = '';
  await test.step('open a product from the home page and buy it now', async () => {
    await expect(page.getByRole('heading', { name: '为你推荐' })).toBeVisible();
    await snap(page, testInfo, 'home');
    await page
      .getByRole('link', { name: new RegExp(PRODUCT) })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: PRODUCT })).toBeVisible();
    await expect(page.getByRole('region', { name: '售后政策' })).toBeVisible();
    // The shop, from the breadcrumb.
    const crumbs = page.getByRole('navigation');
    for (const name of Object.keys(MERCHANT_OF_SHOP)) {
      if (await crumbs.getByRole('link', { name }).isVisible()) shop = name;
    }
    expect(shop, 'product page names its shop').not.toBe('');
    await snap(page, testInfo, 'product');
    await page.getByRole('button', { name: '一键下单' }).click();
  });

  let orderNo = '';
  await test.step('fill the address, submit, pay with 支付宝', async () => {
    await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();
    await expect(page.getByText(PRODUCT)).toBeVisible();
    // Name and mobile come from the account; check and fill them anyway.
    await page.getByLabel('收货人').fill(nickname);
    await expect(page.getByLabel('手机号')).toHaveValue(mobile);
    await page.getByLabel('详细地址').fill('浙江省杭州市西湖区文三路 100 号 2 单元 301');
    await page.getByRole('button', { name: '提交订单' }).click();

    // The sandbox provider's page (another origin).
    await expect(page.getByRole('button', { name: '确认支付' })).toBeVisible({ timeout: 20_000 });
    await page.getByRole('radio', { name: '支付宝' }).check();
    await page.getByRole('button', { name: '确认支付' }).click();

    // Back in the shop: the app waits for the payment result.
    await expect(page).toHaveURL(/\/orders\/\d{18}/);
    orderNo = /\/orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible({
      timeout: 25_000,
    });
    await expect(page).not.toHaveURL(/paid=1/);
  });

  await test.step('the order is under 我的订单 → 待发货', async () => {
    await page.getByRole('link', { name: '我的订单' }).click();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await openTab(page, '待发货');
    await expect(page).toHaveURL(/tab=awaiting_shipment/);
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
  });

  await test.step("the shop's merchant prepares and ships it", async () => {
    const merchantContext = await newContext(browser, testInfo);
    const merchant = await merchantContext.newPage();
    await login(merchant, MERCHANT_OF_SHOP[shop] ?? '');
    await expect(merchant.getByRole('heading', { name: '订单管理' })).toBeVisible();
    const search = merchant.getByRole('searchbox', { name: '搜索订单' });
    await search.fill(orderNo);
    await search.press('Enter');
    await expect(merchant).toHaveURL(new RegExp(`q=${orderNo}`));
    await expect(merchant.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    // The search leaves this one order, so its buttons are the only ones.
    await expect(merchant.getByRole('link', { name: /^\d{18}$/ })).toHaveCount(1);
    await snap(merchant, testInfo, 'staff-orders');

    await merchant.getByRole('button', { name: '备货', exact: true }).click();
    await expect(merchant.getByText('已开始备货')).toBeVisible();
    await expect(merchant.getByText('备货中', { exact: true })).toBeVisible();
    await expect(merchant.getByRole('button', { name: '备货', exact: true })).toHaveCount(0);

    await merchant.getByRole('button', { name: '发货', exact: true }).click();
    const dialog = merchant.getByRole('dialog', { name: '填写发货信息' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('快递公司').click();
    // antd draws its options outside the dialog; the visible one carries the name as title.
    await merchant.getByTitle('顺丰速运', { exact: true }).click();
    const trackingNo = `SF${String(stamp).slice(-10)}`;
    await dialog.getByLabel('运单号').fill(trackingNo);
    await dialog.getByRole('button', { name: '确认发货' }).click();
    await expect(dialog).toBeHidden();
    await expect(merchant.getByText('已发货', { exact: true })).toBeVisible();
    await expect(merchant.getByRole('button', { name: '已送达' })).toBeVisible();

    // The order's detail page in the console shows the shipment.
    await merchant.getByRole('link', { name: orderNo, exact: true }).click();
    await expect(merchant.getByRole('heading', { name: '订单详情' })).toBeVisible();
    await expect(merchant.getByText(`商家已发货（顺丰速运，运单号 ${trackingNo}）`)).toBeVisible();
    await snap(merchant, testInfo, 'staff-order-detail');
    await merchantContext.close();
  });

  await test.step('the shopper sees it under 待收货 and confirms receipt', async () => {
    await page.reload();
    await openTab(page, '待收货');
    await expect(page).toHaveURL(/tab=shipped/);
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    await page.getByRole('link', { name: orderNo, exact: true }).click();

    await expect(page.getByRole('heading', { name: '商家已发货，请耐心等待' })).toBeVisible();
    await expect(page.getByText(/商家已发货（顺丰速运，运单号 SF\d+）/)).toBeVisible();
    await page.getByRole('button', { name: '确认收货' }).click();
    const confirm = page.getByRole('dialog', { name: '确认已收到商品？' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: '确定' }).click();
    await expect(page.getByText('已确认收货，交易完成').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: '交易完成，感谢您的购买' })).toBeVisible();

    await page.getByRole('link', { name: '我的订单' }).click();
    await openTab(page, '已完成');
    await expect(page).toHaveURL(/tab=completed/);
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
  });
});
