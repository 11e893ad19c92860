// Merchant console: 设置 → 店铺通知设置. A merchant turns the shop's SMS off, sees it stay off
// after a reload (saved on the server), and turns it back on.
import { expect, test } from '@playwright/test';
import { DEMO, login, snap } from './helpers.js';

test(
  '商家: 设置 → 店铺通知设置 switches a channel and keeps it',
  { tag: '@staff' },
  async ({ page }, testInfo) => {
    await login(page, DEMO.merchant1);
    await page.goto('/staff/orders');
    await page.getByRole('menuitem', { name: '设置' }).click();
    await expect(page).toHaveURL(/\/staff\/settings$/);
    await expect(page.getByRole('heading', { name: '店铺设置' })).toBeVisible();
    const section = page.getByTestId('settings-shop-notices');
    await expect(section.getByText('店铺通知设置')).toBeVisible();
    const sms = section.getByRole('switch', { name: '短信' });
    await expect(sms).toBeChecked();
    await expect(section.getByRole('switch', { name: '站内消息' })).toBeChecked();
    await expect(section.getByRole('switch', { name: '邮件' })).toBeChecked();

    await sms.click();
    await expect(page.getByText('已保存')).toBeVisible();
    await expect(sms).not.toBeChecked();
    await snap(page, testInfo, 'shop-notices');
    await page.reload();
    await expect(section.getByRole('switch', { name: '短信' })).not.toBeChecked();

    // Back as it was, for the flows that follow.
    await section.getByRole('switch', { name: '短信' }).click();
    await expect(section.getByRole('switch', { name: '短信' })).toBeChecked();
  },
);
