// What several browser tests do as a shopper before the part they test: register a fresh
// shopper (codes read from the staff 邮箱 page) and place and pay an order, using only the words
// on screen.
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { DEMO, login, newContext, readRegisterCode } from './helpers.js';

/** 数码优选旗舰店, ¥129.00, 支持全额退款, no shipping fee: refunds are exactly 129 × units. */
export const PRODUCT = '65W 氮化镓快充头';
export const SHOP = '数码优选旗舰店';
export const ADDRESS = '浙江省杭州市西湖区文三路 100 号 2 单元 301';

export interface Shopper {
  email: string;
  password: string;
}

/**
 * Registers a new shopper through /register. `tag` names the test file in the address and the
 * nickname; `mobileDigit` (one per file and project) keeps mobile numbers apart between files.
 */
export async function registerShopper(
  browser: Browser,
  testInfo: TestInfo,
  opts: { tag: string; nickname: string; mobileDigit: number; password: string },
): Promise<Shopper> {
  const project = testInfo.project.name;
  const stamp = Date.now();
  const shopper = {
    email: `${opts.tag}-${project}-${stamp}@e2e.btepai.test`,
    password: opts.password,
  };
  // 1 + a digit of the file's and project's own + the last 9 digits of the clock.
  const mobile = `1${opts.mobileDigit}${String(stamp).slice(-9)}`;

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
    await page.getByLabel('昵称').fill(`${opts.nickname}${String(stamp).slice(-4)}`);
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

/**
 * From the home page: the product → 数量 → 一键下单 → 提交订单 → the sandbox page → 支付宝 →
 * 确认支付 → back on the order page, paid. Returns the order number.
 */
export async function placeAndPay(
  page: Page,
  { product = PRODUCT, quantity = 1 }: { product?: string; quantity?: number } = {},
): Promise<string> {
  await page.goto('/');
  await page
    .getByRole('link', { name: new RegExp(product) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: product })).toBeVisible();
  if (product === PRODUCT)
    await expect(page.getByRole('navigation').getByRole('link', { name: SHOP })).toBeVisible();
  if (quantity !== 1) await page.getByRole('spinbutton', { name: '数量' }).fill(String(quantity));
  await page.getByRole('button', { name: '一键下单' }).click();

  await expect(page.getByRole('heading', { name: '确认订单' })).toBeVisible();
  await expect(page.getByText(product)).toBeVisible();
  await page.getByLabel('详细地址').fill(ADDRESS);
  await page.getByRole('button', { name: '提交订单' }).click();

  await expect(page.getByRole('button', { name: '确认支付' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('radio', { name: '支付宝' }).check();
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page).toHaveURL(/\/orders\/\d{18}/);
  await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible({
    timeout: 25_000,
  });
  const orderNo = /\/orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
  expect(orderNo).toMatch(/^\d{18}$/);
  return orderNo;
}
