// The shop header on a 360 px phone with everything in it: a long nickname, a two-digit cart
// count and 99+ unread notices. Nothing in it may make the page wider than the window: on
// 我的订单 and on an order page, where the 申请价保 dialog must then lie fully inside the window.
import { expect, test, type Page } from '@playwright/test';
import { dialogAtRest, expectNoHorizontalOverflow, login, snap } from './helpers.js';
import { PRODUCT, placeAndPay, registerShopper } from './shopper-flows.js';

test.use({ actionTimeout: 15_000 });

/** Every link, button and badge of the header lies inside the phone's width. */
async function expectHeaderInside(page: Page): Promise<void> {
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: '购物车' })).toContainText('12');
  await expect(header.getByRole('link', { name: '消息中心' })).toContainText('99+');
  const boxes = await header
    .locator('a, button, sup')
    .evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', right: el.getBoundingClientRect().right })),
    );
  const width = page.viewportSize()?.width ?? 0;
  for (const box of boxes)
    expect(box.right, `${box.text} ends at ${box.right}px`).toBeLessThanOrEqual(width);
  await expectNoHorizontalOverflow(page);
}

test('a long nickname, cart 12 and 99+ unread: the header fits 360 px, 申请价保 stays inside @phone', async ({
  page,
}, testInfo) => {
  // Registers, buys and pays: long on a busy machine.
  test.setTimeout(240_000);
  const shopper = await registerShopper(testInfo, {
    tag: 'narrow',
    nickname: '一个特别长的购物者昵称',
    mobileDigit: 6,
    password: 'Narrow2026ok',
  });
  // A hundred real notices would take minutes to produce; the count is what the header shows.
  await page.route('**/api/v1/notices/unread-count', (route) =>
    route.fulfill({ json: { unread: 120 } }),
  );
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: PRODUCT });

  // 12 chargers in the cart, as the product page's 加入购物车 would put them.
  const detail = (await (await page.request.get(`/api/v1/orders/${orderNo}`)).json()) as {
    lines: { variantId: number }[];
  };
  const csrf = (await page.context().cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
  const put = await page.request.put(`/api/v1/cart/items/${detail.lines[0]!.variantId}`, {
    data: { quantity: 12 },
    headers: { 'x-csrf-token': csrf },
  });
  expect(put.ok(), await put.text()).toBe(true);

  await test.step('我的订单: the whole header fits, the nickname shortened', async () => {
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await expectHeaderInside(page);
    const header = page.getByRole('banner');
    await expect(header.getByRole('link', { name: '我的订单' })).toBeVisible();
    await expect(header.getByRole('button', { name: /^一个特别长的购物者昵称/ })).toBeVisible();
    await snap(page, testInfo, 'narrow-header');
  });

  await test.step('the order page and its 申请价保 dialog fit as well', async () => {
    await page.goto(`/orders/${orderNo}`);
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible();
    await expectHeaderInside(page);
    await page.getByRole('button', { name: '申请价保' }).click();
    const dialog = page.getByRole('dialog', { name: '申请价保' });
    await expect(dialog.getByText('暂无可退的差价')).toBeVisible();
    // Measured at rest, once its opening animation (a zoom from smaller) is over.
    await dialogAtRest(dialog);
    await expectNoHorizontalOverflow(page);
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await snap(page, testInfo, 'narrow-header-price-protection');
  });
});
