// 优惠券 in the staff console: an operator creates a platform coupon (满减) from the menu,
// issues it to the demo shopper by email (issuing again gives no second copy), and the shopper
// finds it under 我的优惠券. A merchant has the page for their shop's coupons; an agent has none.
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalOverflow, login, newContext, snap } from './helpers.js';

test(
  '运营: 优惠券 → 新建优惠券 → 发放 to a shopper by email, who finds it in 我的优惠券',
  { tag: '@staff' },
  async ({ browser, page }, testInfo) => {
    // Each run makes a coupon of its own: the suite's server is shared.
    const title = `满百减二十 ${Date.now().toString(36)}`;
    await login(page, DEMO.ops);
    await page.goto('/staff/search');
    await page.getByRole('menuitem', { name: '优惠券' }).click();
    await expect(page).toHaveURL(/\/staff\/coupons$/);
    await expect(page.getByRole('heading', { name: '优惠券' })).toBeVisible();

    await test.step('新建优惠券: 满 ¥100 减 ¥20, valid from today', async () => {
      await page.getByRole('button', { name: '新建优惠券' }).click();
      const dialog = page.getByRole('dialog', { name: '新建优惠券' });
      await dialog.getByLabel('名称（中文）').fill(title);
      await dialog.getByLabel('名称（英文）').fill('Save 20 on 100');
      await dialog.getByLabel('使用门槛（元）').fill('100');
      await dialog.getByLabel('减免金额（元）').fill('20');
      await dialog.getByRole('button', { name: '创建' }).click();
      await expect(page.getByText('已创建优惠券')).toBeVisible({ timeout: 30_000 });
      const row = page.getByRole('row').filter({ hasText: title });
      await expect(row).toContainText('满¥100.00减¥20.00');
      await expect(row).toContainText('平台券');
    });

    await test.step('发放 to the demo shopper; a second time gives no second copy', async () => {
      await page.getByRole('button', { name: `发放 ${title}` }).click();
      const dialog = page.getByRole('dialog', { name: `发放「${title}」` });
      await dialog.getByLabel('买家邮箱或手机号').fill(DEMO.shopper);
      await dialog.getByRole('button', { name: '发放' }).click();
      await expect(dialog.getByText('已发放 1 张，0 位买家已持有')).toBeVisible({
        timeout: 30_000,
      });
      await dialog.getByLabel('买家邮箱或手机号').fill(DEMO.shopper);
      await dialog.getByRole('button', { name: '发放' }).click();
      await expect(dialog.getByText('已发放 0 张，1 位买家已持有')).toBeVisible({
        timeout: 30_000,
      });
      await expectNoHorizontalOverflow(page);
      await snap(page, testInfo, 'ops-coupons-issue');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });

    const shopperContext = await newContext(browser, testInfo);
    try {
      const shopper = await shopperContext.newPage();
      await login(shopper, DEMO.shopper);
      await shopper.goto('/coupons');
      await expect(shopper.getByRole('heading', { name: '我的优惠券' })).toBeVisible();
      await expect(shopper.getByText(title)).toBeVisible();
    } finally {
      await shopperContext.close();
    }

    const merchantContext = await newContext(browser, testInfo);
    try {
      const merchant = await merchantContext.newPage();
      await login(merchant, DEMO.merchant1);
      await merchant.goto('/staff/orders');
      await merchant.getByRole('menuitem', { name: '优惠券' }).click();
      await expect(merchant.getByText('本店铺的优惠券')).toBeVisible();
      // The operator's platform coupon is not the shop's.
      await expect(merchant.getByText(title)).toHaveCount(0);
    } finally {
      await merchantContext.close();
    }

    const agentContext = await newContext(browser, testInfo);
    try {
      const agent = await agentContext.newPage();
      await login(agent, DEMO.agent);
      await agent.goto('/staff/search');
      await expect(agent.getByRole('menuitem').first()).toBeVisible();
      await expect(agent.getByRole('menuitem', { name: '优惠券' })).toHaveCount(0);
    } finally {
      await agentContext.close();
    }
  },
);
