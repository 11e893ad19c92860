// 我的订单 for the demo shopper (seeded with orders in every state): tabs with counts, an
// order's detail with its timeline and grouped number, search by number, no sideways scrolling.
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalOverflow, groupOrderNo, login, openTab, snap } from './helpers.js';

const TABS = [
  { label: '全部', key: null },
  { label: '待付款', key: 'pending_payment' },
  { label: '待发货', key: 'awaiting_shipment' },
  { label: '待收货', key: 'shipped' },
  { label: '已完成', key: 'completed' },
  { label: '已取消', key: 'cancelled' },
  { label: '退款售后', key: 'after_sales' },
] as const;

/** The number shown after a tab's name, e.g. 待付款 2. */
function tabCount(name: string | null, label: string): number {
  const m = new RegExp(`^${label}\\s*(\\d+)$`).exec((name ?? '').trim());
  return m ? Number(m[1]) : Number.NaN;
}

test('the demo shopper sees every tab with counts, an order in detail, and finds it by number', async ({
  page,
}, testInfo) => {
  await login(page, DEMO.shopper);
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();

  const counts: Record<string, number> = {};
  await test.step('every tab shows its count', async () => {
    for (const { label } of TABS) {
      const tab = page.getByRole('tab', { name: new RegExp(`^${label}\\s*\\d+$`) });
      await expect(tab).toBeVisible();
      counts[label] = tabCount(await tab.textContent(), label);
    }
    // The seeded orders: at least two in each state a shopper sees.
    for (const label of ['待付款', '待发货', '待收货', '已完成', '已取消']) {
      expect(counts[label], `${label} count`).toBeGreaterThanOrEqual(2);
    }
    const byStatus = ['待付款', '待发货', '待收货', '已完成', '已取消'].reduce(
      (n, l) => n + (counts[l] ?? 0),
      0,
    );
    expect(counts['全部']).toBe(byStatus);
    expect(counts['退款售后']).toBeGreaterThanOrEqual(0);
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'my-orders');
  });

  await test.step('each status tab lists as many orders as its count', async () => {
    for (const { label, key } of TABS) {
      if (key === null || key === 'after_sales') continue;
      await openTab(page, label);
      await expect(page).toHaveURL(new RegExp(`tab=${key}`));
      await expect(page.getByRole('tab', { selected: true })).toContainText(label);
      const cards = page.getByRole('link', { name: '查看详情' });
      await expect(cards).toHaveCount(counts[label] ?? -1);
      // A status tab shows only that status (a preparing order reads 备货中).
      const tags = label === '待发货' ? /^(待发货|备货中)$/ : new RegExp(`^${label}$`);
      const listed = page.getByRole('link', { name: /^\d{18}$/ });
      await expect(listed).toHaveCount(counts[label] ?? -1);
      await expect(page.getByText(tags)).toHaveCount(counts[label] ?? -1);
      await expectNoHorizontalOverflow(page);
    }
  });

  let orderNo = '';
  await test.step('an order detail shows its timeline and the grouped number', async () => {
    await openTab(page, '待收货');
    await expect(page).toHaveURL(/tab=shipped/);
    const first = page.getByRole('link', { name: /^\d{18}$/ }).first();
    orderNo = (await first.textContent())?.trim() ?? '';
    expect(orderNo).toMatch(/^\d{18}$/);
    await page.getByRole('link', { name: '查看详情' }).first().click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));
    await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
    // Shipped, or shipped and already delivered.
    await expect(
      page.getByRole('heading', { name: /^(商家已发货，请耐心等待|包裹已送达，请及时确认收货)$/ }),
    ).toBeVisible();
    await expect(page.getByText(groupOrderNo(orderNo), { exact: true })).toBeVisible();
    await expect(page.getByText('订单跟踪')).toBeVisible();
    for (const event of ['订单已提交', '付款成功', /^商家已发货（.+，运单号 \S+）$/]) {
      await expect(page.getByText(event)).toBeVisible();
    }
    await expect(page.getByRole('button', { name: '确认收货' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'order-detail');
  });

  await test.step('searching by the order number finds just that order', async () => {
    await page.getByRole('link', { name: '我的订单' }).click();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    const search = page.getByRole('searchbox', { name: '搜索订单' });
    await search.fill(orderNo);
    await search.press('Enter');
    await expect(page).toHaveURL(new RegExp(`q=${orderNo}`));
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: /^\d{18}$/ })).toHaveCount(1);
    await expectNoHorizontalOverflow(page);

    // A number that matches nothing says so.
    await search.fill('999999999999999999');
    await search.press('Enter');
    await expect(page.getByText('没有找到匹配的订单')).toBeVisible();
  });
});
