// Operations console: an operator finds the demo shopper's orders by phone, opens one order's
// 审计记录, downloads its 争议材料包 (a real ZIP with summary.html), then opens 数据看板 and sees
// the charts drawn.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzip } from '../support/unzip.js';
import { DEMO, login, snap } from './helpers.js';

// Staff-only pages: run at desktop size only (playwright.config.ts, tag @staff).
test(
  '运营: 订单查询 by phone → 审计记录 → 下载争议材料包 → 数据看板 with charts',
  { tag: '@staff' },
  async ({ page }, testInfo) => {
    await login(page, DEMO.ops);
    await page.goto('/staff/search');
    await expect(page.getByRole('heading', { name: '订单查询' })).toBeVisible();
    await page.getByLabel('手机号').fill(DEMO.shopperMobile);
    await page
      .getByRole('button', { name: '搜 索' })
      .or(page.getByRole('button', { name: '搜索' }))
      .click();

    const results = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(results.first()).toBeVisible();
    expect(await results.count()).toBeGreaterThan(1);
    await snap(page, testInfo, 'ops-search');
    const orderLink = results.first().getByRole('link', { name: /^\d{18}$/ });
    const orderNo = (await orderLink.textContent()) ?? '';
    await orderLink.click();
    await expect(page).toHaveURL(new RegExp(`/staff/search/${orderNo}$`));
    await expect(page.getByRole('heading', { name: `订单 ${orderNo}` })).toBeVisible();

    await page.getByRole('tab', { name: '审计记录' }).click();
    // Placing the order is always on record, by the shopper, with what it came to.
    const placed = page.getByRole('row').filter({ hasText: 'order.place' });
    await expect(placed).toBeVisible();
    await expect(placed.getByText('买家')).toBeVisible();
    await expect(placed.getByText('payableFen')).toBeVisible();
    await snap(page, testInfo, 'ops-audit');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载争议材料包/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`dispute-${orderNo}.zip`);
    const entries = await unzip(fs.readFileSync(await download.path()));
    const summary = entries.get('summary.html')?.toString('utf8') ?? '';
    expect(summary).toContain(`订单 ${orderNo}`);
    expect(entries.has('order.json')).toBe(true);
    // The summary reads as a document on its own (no scripts, no remote files).
    await page.setContent(summary);
    await expect(page.getByRole('heading', { name: '审计记录' })).toBeVisible();
    await snap(page, testInfo, 'ops-bundle-summary');

    await page.goto('/staff/dashboards');
    await expect(page.getByRole('heading', { name: '数据看板' })).toBeVisible();
    await page.getByRole('button', { name: '近 365 天' }).click();
    const charts = page.locator('.btp-chart canvas');
    await expect(charts.first()).toBeVisible();
    // The demo data always has orders per product and SLA figures; more charts as data grows.
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText('商品取消率（取消件数 / 下单件数）')).toBeVisible();
    await expect(page.getByText('SLA 达标率')).toBeVisible();
    await page.waitForTimeout(800); // let the chart animations finish before the screenshot
    await snap(page, testInfo, 'ops-dashboards');
  },
);

test(
  '运营: 设置 is one page of sections, each saved on its own and audited',
  { tag: '@staff' },
  async ({ page }, testInfo) => {
    await login(page, DEMO.ops);
    await page.goto('/staff/settings');
    await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
    const review = page.getByTestId('settings-review');
    const field = review.getByLabel('退款审核时限（小时）');
    await expect(field).not.toHaveValue('');
    // The server is shared by both browser projects: change whatever is there to something else.
    const before = await field.inputValue();
    const after = before === '12' ? '13' : '12';
    await field.fill(after);
    await review.getByRole('button', { name: '保存本节' }).click();
    await expect(page.getByText('设置已保存')).toBeVisible();
    await snap(page, testInfo, 'ops-settings');

    // The change is on record with what it was before.
    await page.goto('/staff/audit');
    const row = page.getByRole('row').filter({ hasText: 'settings.update' }).first();
    await expect(row).toBeVisible();
    await expect(row.getByText('refundReviewSlaHours')).toBeVisible();
    await expect(row.getByText(before, { exact: true })).toBeVisible();
    await expect(row.getByText(after, { exact: true })).toBeVisible();

    // 数据保留: how long old rows stay before the hourly clean-up, saved the same way.
    await page.goto('/staff/settings');
    const retention = page.getByTestId('settings-retention');
    const days = retention.getByLabel('已完成的后台任务保留（天）');
    await expect(days).not.toHaveValue('');
    const kept = (await days.inputValue()) === '7' ? '8' : '7';
    await days.fill(kept);
    await retention.getByRole('button', { name: '保存本节' }).click();
    await expect(page.getByText('设置已保存')).toBeVisible();
    const saved = await page.request.get('/api/v1/ops/settings/retention');
    expect((await saved.json()).outboxDoneDays).toBe(Number(kept));
  },
);

test('买家: 导出订单材料 on the order page downloads their own bundle', async ({
  page,
}, testInfo) => {
  await login(page, DEMO.shopper);
  await page.goto('/orders');
  const first = page.locator('a[href^="/orders/"]').first();
  await expect(first).toBeVisible();
  const href = (await first.getAttribute('href')) ?? '';
  const orderNo = /\/orders\/(\d{18})/.exec(href)?.[1] ?? '';
  expect(orderNo).toMatch(/^\d{18}$/);
  await page.goto(`/orders/${orderNo}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /导出订单材料/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`dispute-${orderNo}.zip`);
  const entries = await unzip(fs.readFileSync(await download.path()));
  expect(entries.get('summary.html')?.toString('utf8')).toContain(`订单 ${orderNo}`);
  await snap(page, testInfo, 'shopper-export');
});
