// 对账 in the staff console: the operator reaches it from the menu, checks yesterday's statement
// of the local Alipay (the browser suite's app runs it) and reads the page in Chinese and
// English; mismatches against all three providers are tested through the API in
// tests/integration/statement-reconciliation.int.test.ts. Agents do not see the menu entry.
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalOverflow, login, newContext, snap } from './helpers.js';

test(
  '运营: 对账 from the menu, in Chinese and English; not for agents',
  { tag: '@staff' },
  async ({ browser, page }, testInfo) => {
    await login(page, DEMO.ops);
    await page.goto('/staff/orders');
    await page.getByRole('menuitem', { name: '对账' }).click();
    await expect(page).toHaveURL(/\/staff\/statements$/);
    await expect(page.getByRole('heading', { name: '对账' })).toBeVisible();
    await expect(page.getByText('每天上午核对各支付渠道前一日的对账单')).toBeVisible();
    // Yesterday in Shanghai: a closed day the local Alipay has a statement for.
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    await page.getByRole('textbox', { name: '选择日期' }).fill(yesterday);
    await page.getByRole('button', { name: '对账', exact: true }).click();
    await expect(
      page.getByRole('row', { name: new RegExp(`${yesterday} 支付宝 已核对`) }),
    ).toBeVisible();
    // Refunds a channel reports for no payment of ours are listed below (none in this suite).
    await expect(page.getByRole('heading', { name: '未匹配的渠道退款' })).toBeVisible();
    await expect(page.getByText('没有未匹配的渠道退款')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await snap(page, testInfo, 'ops-statements');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Reconciliation' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Reconciliation' })).toBeVisible();
    await expect(page.getByText('No unmatched channel refunds')).toBeVisible();

    const agentContext = await newContext(browser, testInfo);
    const agent = await agentContext.newPage();
    await login(agent, DEMO.agent);
    await agent.goto('/staff/search');
    await expect(agent.getByRole('menuitem').first()).toBeVisible();
    await expect(agent.getByRole('menuitem', { name: '对账' })).toHaveCount(0);
    await agentContext.close();
  },
);
