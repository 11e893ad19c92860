// Cancelling orders (seed 000, 一): the shopper cancels a paid order that is waiting for shipment
// (取消订单 → 价格因素 → 退款预览 → 确认取消 → 订单取消成功), cancels part of an order, asks the
// merchant to cancel one that is being prepared (申请取消 → 同意), cannot cancel a shipped order
// (申请售后 instead), and buys a cancelled order again. Runs at desktop and phone size.
//
// Orders are placed and paid by a shopper registered for this file (one per project), so the
// demo shopper's seeded orders stay as they are and the demo shopper's 账户信誉 (cancellations in
// 30 days) is not pushed into refund review by repeated runs. The shipped order and the
// cancelled order bought again are the demo shopper's seeded ones; both are only read.
import { expect, request, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import {
  DEMO,
  DEMO_PASSWORD,
  MERCHANT_OF_SHOP,
  expectNoHorizontalOverflow,
  login,
  newContext,
  openTab,
  snap,
} from './helpers.js';
import { PRODUCT, SHOP, placeAndPay, registerShopper, type Shopper } from './shopper-flows.js';

// A click that cannot happen fails within seconds rather than at the test's timeout.
test.use({ actionTimeout: 15_000 });

/** The shopper of this file, per project (a worker serves one project; it restarts on failure). */
const shoppers = new Map<string, Shopper>();

/** Registers a new shopper once per project. */
async function fileShopper(browser: Browser, testInfo: TestInfo): Promise<Shopper> {
  const project = testInfo.project.name;
  const known = shoppers.get(project);
  if (known) return known;
  const shopper = await registerShopper(testInfo, {
    tag: 'canceller',
    nickname: '取消',
    mobileDigit: project === 'phone' ? 9 : 6,
    password: 'Cancel2026ok',
  });
  shoppers.set(project, shopper);
  return shopper;
}

/** A fresh paid order of this file's shopper, placed in a context of its own. */
async function freshPaidOrder(
  browser: Browser,
  testInfo: TestInfo,
  shopper: Shopper,
  quantity = 1,
): Promise<string> {
  const context = await newContext(browser, testInfo);
  try {
    const page = await context.newPage();
    await login(page, shopper.email, shopper.password);
    const orderNo = await placeAndPay(page, { quantity });
    expect(orderNo).toMatch(/^\d{18}$/);
    return orderNo;
  } finally {
    await context.close();
  }
}

/** A staff console page by its menu entry (behind the 菜单 button at phone size). */
async function openStaffMenu(page: Page, label: string): Promise<void> {
  // The console's header is there once 退出登录 is; only then is a missing 菜单 button telling.
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  const toggle = page.getByRole('button', { name: '菜单' });
  if (await toggle.isVisible()) await toggle.click();
  const item = page.getByRole('menuitem', { name: label });
  await expect(item).toBeVisible();
  await item.click();
}

/** A screenshot once opening dialogs and toasts have finished moving (not mid-zoom). */
async function still(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .getAnimations()
            .filter(
              (a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity,
            ).length,
      ),
    )
    .toBe(0);
  await snap(page, testInfo, name);
}

/**
 * The 退款预览 card inside a dialog. It has no accessible name of its own (a titled box, not a
 * region), so: the nearest box around the words 退款预览 that also holds 退款合计. Its text reads
 * row by row, label then value ("退款合计¥129.00").
 */
function preview(dialog: ReturnType<Page['getByRole']>) {
  return dialog.getByText('退款预览').locator('xpath=ancestor::*[contains(., "退款合计")][1]');
}

test('取消订单: 我的订单 → 待发货 → the order → 价格因素 → 退款预览 → 确认取消 → 订单取消成功, refunded', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await fileShopper(browser, testInfo);
  const orderNo = await freshPaidOrder(browser, testInfo, shopper);

  await test.step('1. 登录账户', async () => {
    await login(page, shopper.email, shopper.password);
  });

  await test.step('2. 我的订单 → 待发货', async () => {
    await page.getByRole('link', { name: '我的订单' }).click();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await openTab(page, '待发货');
    await expect(page).toHaveURL(/tab=awaiting_shipment/);
  });

  await test.step('3. 选择要取消的订单: open it', async () => {
    await page.getByRole('link', { name: orderNo, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));
    await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible();
  });

  const dialog = page.getByRole('dialog', { name: '取消订单' });
  await test.step('4. 取消订单', async () => {
    // Not being prepared: cancelling is instant, not a request.
    await expect(page.getByRole('button', { name: '申请取消' })).toHaveCount(0);
    await page.getByRole('button', { name: '取消订单' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('当前处于免费取消时段，取消不收取手续费')).toBeVisible();
    await expect(dialog.getByRole('radio', { name: '整单取消' })).toBeChecked();
    // Nothing is cancelled without a reason.
    await expect(dialog.getByText('请选择取消原因')).toBeVisible();
    await expect(dialog.getByRole('button', { name: '确认取消' })).toBeDisabled();
  });

  await test.step('5. 确认取消原因: 价格因素, and the 退款预览', async () => {
    const reasons = dialog.getByRole('radiogroup', { name: '2. 取消原因' });
    for (const r of ['不想要了/改变主意', '商品信息不符', '物流延误', '价格因素', '个人原因']) {
      await expect(reasons.getByRole('radio', { name: r })).toBeVisible();
    }
    await reasons.getByRole('radio', { name: '价格因素' }).check();
    await expect(dialog.getByText('请选择取消原因')).toBeHidden();

    const card = preview(dialog);
    await expect(card).toBeVisible();
    await expect(card).toContainText(`${PRODUCT} × 1¥129.00`);
    await expect(card).toContainText('手续费¥0.00');
    await expect(card).toContainText('退款合计¥129.00');
    await expect(card).toContainText('退回支付宝');
    await expect(card).toContainText(/预计到账预计.+到账/);
    await expect(dialog.getByRole('button', { name: '确认取消' })).toBeEnabled();
    await still(page, testInfo, 'cancel-dialog');
  });

  await test.step('确认取消 → 6. 查看取消结果: 订单取消成功', async () => {
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}/cancelled$`));
    await expect(page.getByRole('heading', { name: '订单取消成功' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退款金额 ¥129.00' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退回至 支付宝' })).toBeVisible();
    await expect(page.getByRole('row', { name: /^预计到账 预计.+到账/ })).toBeVisible();
    await expect(page.getByText('退款已自动发起，将原路退回，无需其他操作')).toBeVisible();
    await expect(page.getByRole('link', { name: '查看退款' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await still(page, testInfo, 'cancel-result');
  });

  await test.step('the order detail shows 已取消 and the refund (退款信息, 订单跟踪)', async () => {
    await page.getByRole('link', { name: '查看订单' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));
    await expect(page.getByRole('heading', { name: '订单已取消' })).toBeVisible();
    await expect(page.getByRole('button', { name: '取消订单' })).toHaveCount(0);
    await expect(page.getByText('退款信息')).toBeVisible();
    await expect(page.getByRole('link', { name: /^退款 ¥129\.00，.+ · 查看退款$/ })).toBeVisible();
    await expect(page.getByText('原路退回 支付宝', { exact: false }).first()).toBeVisible();
    await expect(page.getByText('订单已取消（原因：价格因素）')).toBeVisible();
    await expect(page.getByText('已发起退款 ¥129.00，原路退回支付宝')).toBeVisible();
  });

  await test.step('the order is under 我的订单 → 已取消 (and no longer under 待发货)', async () => {
    await page.getByRole('link', { name: '我的订单' }).click();
    await openTab(page, '已取消');
    await expect(page).toHaveURL(/tab=cancelled/);
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    await openTab(page, '待发货');
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toHaveCount(0);
  });
});

test('部分取消: one of two units is cancelled, the order stays under 待发货 with the other', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await fileShopper(browser, testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { quantity: 2 });

  await page.getByRole('link', { name: '我的订单' }).click();
  await openTab(page, '待发货');
  await page.getByRole('link', { name: orderNo, exact: true }).click();
  await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible();
  await expect(page.getByText('× 2', { exact: true })).toBeVisible();

  const dialog = page.getByRole('dialog', { name: '取消订单' });
  await test.step('部分取消 one unit, with its own 退款预览', async () => {
    await page.getByRole('button', { name: '取消订单' }).click();
    await expect(dialog).toBeVisible();
    // The whole order first: both units.
    await expect(preview(dialog)).toContainText('退款合计¥258.00');
    await dialog.getByRole('radio', { name: '部分取消（选择商品和数量）' }).check();
    await expect(dialog.getByText('可取消 2 件')).toBeVisible();
    await expect(dialog.getByText('请至少选择 1 件要取消的商品')).toBeVisible();
    await dialog.getByRole('spinbutton', { name: `${PRODUCT} 取消数量` }).fill('1');
    await expect(dialog.getByText('请至少选择 1 件要取消的商品')).toBeHidden();
    await dialog.getByRole('radio', { name: '价格因素' }).check();
    const card = preview(dialog);
    await expect(card).toContainText(`${PRODUCT} × 1¥129.00`);
    await expect(card).toContainText('退款合计¥129.00');
    await expect(card).toContainText('退回支付宝');
    await dialog.getByRole('button', { name: '确认取消' }).click();
  });

  await test.step('部分商品已取消, refund for one unit', async () => {
    await expect(page.getByRole('heading', { name: '部分商品已取消' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退款金额 ¥129.00' })).toBeVisible();
    await expect(page.getByRole('row', { name: '退回至 支付宝' })).toBeVisible();
  });

  await test.step('the order stays under 待发货 with the remaining unit', async () => {
    await page.getByRole('link', { name: '返回我的订单' }).click();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await openTab(page, '待发货');
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    await page.getByRole('link', { name: orderNo, exact: true }).click();
    await expect(page.getByRole('heading', { name: '等待商家发货' })).toBeVisible();
    await expect(page.getByText('白色 · 已取消 1 件')).toBeVisible();
    await expect(page.getByText(/^部分商品已取消：65W 氮化镓快充头 × 1/)).toBeVisible();
    await expect(page.getByRole('link', { name: /^退款 ¥129\.00，.+ · 查看退款$/ })).toBeVisible();

    // What is left: one unit, so only the whole (rest of the) order can still be cancelled.
    await page.getByRole('button', { name: '取消订单' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: '部分取消（选择商品和数量）' })).toBeDisabled();
    await expect(dialog.getByText('订单只剩一件商品，请直接整单取消。')).toBeVisible();
    await expect(preview(dialog)).toContainText(`${PRODUCT} × 1¥129.00`);
    await dialog.getByRole('button', { name: '暂不取消' }).click();
    await expect(dialog).toBeHidden();
  });
});

test('申请取消 while the merchant prepares: 取消申请已提交, the merchant 同意s, the order is 已取消', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await fileShopper(browser, testInfo);
  const merchantAccount = MERCHANT_OF_SHOP[SHOP] ?? '';

  // Within 30 minutes of payment cancelling is instant even while preparing. A fresh order is
  // always inside that window, so an operator sets it to 0 minutes for this test (and puts it
  // back afterwards, whatever happens).
  const opsContext = await newContext(browser, testInfo);
  const ops = await opsContext.newPage();
  const freeWindow = ops.getByRole('spinbutton', { name: '免费取消时长（分钟）' });
  let savedWindow = '';
  const saveWindow = async (minutes: string) => {
    await freeWindow.fill(minutes);
    // 设置 saves each section on its own: the one with the cancellation windows.
    await ops.getByTestId('settings-windows').getByRole('button', { name: '保存本节' }).click();
    await expect(ops.getByText('设置已保存').last()).toBeVisible();
  };

  try {
    await test.step('an operator sets 免费取消时长（分钟） to 0', async () => {
      await login(ops, DEMO.ops);
      await openStaffMenu(ops, '设置');
      await expect(ops.getByRole('heading', { name: '设置' })).toBeVisible();
      await expect(freeWindow).not.toHaveValue('');
      savedWindow = await freeWindow.inputValue();
      await saveWindow('0');
      // Saved on the server: a fresh page reads 0 back.
      await ops.reload();
      await expect(freeWindow).toHaveValue('0');
    });

    await login(page, shopper.email, shopper.password);
    const orderNo = await placeAndPay(page);

    const merchantContext = await newContext(browser, testInfo);
    const merchant = await merchantContext.newPage();
    await test.step('the merchant starts 备货', async () => {
      await login(merchant, merchantAccount);
      await expect(merchant.getByRole('heading', { name: '订单管理' })).toBeVisible();
      const search = merchant.getByRole('searchbox', { name: '搜索订单' });
      await search.fill(orderNo);
      await search.press('Enter');
      await expect(merchant.getByRole('link', { name: /^\d{18}$/ })).toHaveCount(1);
      await merchant.getByRole('button', { name: '备货', exact: true }).click();
      await expect(merchant.getByText('已开始备货')).toBeVisible();
    });

    await test.step('the shopper clicks 申请取消 → 取消申请已提交', async () => {
      // Still on the order's page since paying it.
      await page.reload();
      await expect(page.getByRole('heading', { name: '商家正在备货' })).toBeVisible();
      await expect(page.getByRole('button', { name: '取消订单' })).toHaveCount(0);
      await page.getByRole('button', { name: '申请取消' }).click();
      const dialog = page.getByRole('dialog', { name: '申请取消' });
      await expect(dialog).toBeVisible();
      await expect(
        dialog.getByText(/^商家已开始备货，取消需商家同意。商家将在 \d+ 小时内处理/),
      ).toBeVisible();
      await expect(dialog.getByText('当前处于免费取消时段，取消不收取手续费')).toHaveCount(0);
      await dialog.getByRole('radio', { name: '价格因素' }).check();
      await expect(preview(dialog)).toContainText('退款合计¥129.00');
      await still(page, testInfo, 'cancel-request-dialog');
      await dialog.getByRole('button', { name: '提交申请' }).click();

      await expect(page.getByRole('heading', { name: '取消申请已提交' })).toBeVisible();
      await expect(
        page.getByRole('row', { name: /^商家处理截止 \d{4}-\d{2}-\d{2} / }),
      ).toBeVisible();
      await expect(page.getByText(/^商家将在 \d+ 小时内处理，超时未处理将自动同意$/)).toBeVisible();
      await still(page, testInfo, 'cancel-request-result');

      await page.getByRole('link', { name: '查看订单' }).click();
      await expect(page.getByText(/^取消申请已提交，商家将在 .+ 前处理$/)).toBeVisible();
      await expect(page.getByText('申请内容：整单取消，原因：价格因素')).toBeVisible();
      await expect(
        page.getByText(/^剩余 \d+:\d{2}:\d{2}，超时未处理将自动同意取消$/),
      ).toBeVisible();
      await expect(page.getByRole('button', { name: '申请取消' })).toHaveCount(0);
    });

    await test.step('the merchant opens 取消申请, sees it with a countdown, and 同意s', async () => {
      await openStaffMenu(merchant, '取消申请');
      await expect(merchant.getByRole('heading', { name: '取消申请' })).toBeVisible();
      const link = merchant.getByRole('link', { name: orderNo, exact: true });
      await expect(link).toBeVisible();
      // The innermost row (desktop table) or card (phone) holding this order and its buttons.
      const row = merchant
        .locator('tr, div')
        .filter({ has: link })
        .filter({ has: merchant.getByRole('button', { name: '同意' }) })
        .last();
      await expect(row).toContainText('整单取消');
      await expect(row).toContainText(`${PRODUCT}（白色） × 1`);
      await expect(row).toContainText('价格因素');
      const countdown = row.getByText(/^剩余 \d+:\d{2}:\d{2}$/);
      await expect(countdown).toBeVisible();
      // It counts down.
      const first = await countdown.textContent();
      await expect(countdown).not.toHaveText(first ?? '', { timeout: 5_000 });
      await expectNoHorizontalOverflow(merchant);
      await still(merchant, testInfo, 'cancel-requests');

      await row.getByRole('button', { name: '同意' }).click();
      const confirm = merchant.getByRole('dialog', { name: `同意取消订单 ${orderNo}？` });
      await expect(confirm).toBeVisible();
      await expect(confirm).toContainText('同意后订单将按买家的选择取消，并自动原路退款。');
      await confirm.getByRole('button', { name: '同意' }).click();
      await expect(merchant.getByText('已同意取消')).toBeVisible();
      await expect(link).toHaveCount(0);
    });
    await merchantContext.close();

    await test.step("the shopper's page shows 已取消 and the refund", async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: '订单已取消' })).toBeVisible();
      await expect(page.getByText('商家已同意取消申请')).toBeVisible();
      await expect(
        page.getByRole('link', { name: /^退款 ¥129\.00，.+ · 查看退款$/ }),
      ).toBeVisible();
      await page.getByRole('link', { name: '我的订单' }).click();
      await openTab(page, '已取消');
      await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    });
  } finally {
    if (savedWindow !== '') await saveWindow(savedWindow);
    await opsContext.close();
  }
});

test('a shipped order (待收货) cannot be cancelled, says why, and points to 申请售后', async ({
  page,
}) => {
  await login(page, DEMO.shopper);
  await openTab(page, '待收货');
  await page.getByRole('link', { name: '查看详情' }).first().click();
  await expect(
    page.getByRole('heading', { name: /^(商家已发货，请耐心等待|包裹已送达，请及时确认收货)$/ }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: '确认收货' })).toBeVisible();
  await expect(page.getByText('该订单已无法取消')).toBeVisible();
  await expect(
    page.getByText('商家已发货，无法取消订单。如需退款，请在收到商品后申请售后。'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: '申请售后' })).toBeVisible();
  await expect(page.getByRole('button', { name: '取消订单' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '申请取消' })).toHaveCount(0);
});

/** Signs a merchant in through the API (as their own browser would) and sets a variant's price. */
async function setPrice(
  baseURL: string,
  merchant: string,
  variantId: number,
  priceFen: number,
): Promise<void> {
  const api = await request.newContext({ baseURL });
  try {
    await api.get('/api/v1/session');
    const csrf = (await api.storageState()).cookies.find((c) => c.name === 'btp_csrf')?.value ?? '';
    const headers = { 'x-csrf-token': csrf };
    const login = await api.post('/api/v1/auth/login', {
      data: { account: merchant, password: DEMO_PASSWORD },
      headers,
    });
    expect(login.ok()).toBe(true);
    const patched = await api.patch(`/api/v1/merchant/variants/${variantId}`, {
      data: { priceFen },
      headers,
    });
    expect(patched.ok()).toBe(true);
  } finally {
    await api.dispose();
  }
}

test('再次购买 on a cancelled order shows what changed: 价格上涨 for a dearer item, then 去购物车', async ({
  page,
  baseURL,
}, testInfo) => {
  await login(page, DEMO.shopper);
  await openTab(page, '已取消');
  await page.getByRole('link', { name: '查看详情' }).first().click();
  await expect(page.getByRole('heading', { name: '订单已取消' })).toBeVisible();
  const orderNo = /orders\/(\d{18})/.exec(page.url())?.[1] ?? '';
  const detail = (await (await page.request.get(`/api/v1/orders/${orderNo}`)).json()) as {
    shop: { name: string };
    lines: { variantId: number; productId: number; title: string }[];
  };
  const line = detail.lines[0]!;
  const product = (await (await page.request.get(`/api/v1/products/${line.productId}`)).json()) as {
    variants: { id: number; priceFen: number }[];
  };
  const price = product.variants.find((v) => v.id === line.variantId)!.priceFen;
  const merchant = MERCHANT_OF_SHOP[detail.shop.name]!;
  // The merchant raised the price since the order; put it back afterwards for the other tests.
  await setPrice(baseURL!, merchant, line.variantId, price + 1_000);
  try {
    await page.getByRole('button', { name: '再次购买' }).click();
    const dialog = page.getByRole('dialog', { name: '再次购买' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(/^已将 \d+ 件商品加入购物车$/)).toBeVisible();
    const items = dialog.getByRole('listitem');
    await expect(items).toHaveCount(detail.lines.length);
    await expect(items.filter({ hasText: line.title })).toContainText('价格上涨');
    for (const other of detail.lines.slice(1)) {
      await expect(items.filter({ hasText: other.title })).toContainText('价格未变');
    }
    await still(page, testInfo, 'buy-again');
    await dialog.getByRole('button', { name: '去购物车' }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole('checkbox', { name: `选择 ${line.title}` })).toBeVisible();
  } finally {
    await setPrice(baseURL!, merchant, line.variantId, price);
  }
});
