// A signed-in shopper's first visit to 我的订单 (nothing of the app loaded before): the page is
// built without antd (src/web/lite) and works by keyboard — the tab bar and the user menu —
// and the next page that uses antd still gets it. The demo shopper's orders are only read.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD } from './helpers.js';

/** Signs in through the API, so the first page the browser renders is 我的订单 itself. */
async function signInWithoutPages(page: Page): Promise<void> {
  const api = page.context().request;
  await api.get('/api/v1/session');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
  const res = await api.post('/api/v1/auth/login', {
    data: { account: DEMO.shopper, password: DEMO_PASSWORD },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.ok()).toBe(true);
}

/** Elements styled by antd (its class names all start with ant-). */
function antdElements(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('[class^="ant-"], [class*=" ant-"]').length);
}

test('我的订单 on a first visit: no antd, tabs and the user menu by keyboard, antd pages after it', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await signInWithoutPages(page);
  await page.goto('/orders');
  await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^\d{18}$/ }).first()).toBeVisible();

  await test.step('nothing of antd is loaded or rendered', async () => {
    expect(await antdElements(page)).toBe(0);
    expect(scripts.filter((s) => /AntdScope/.test(s))).toEqual([]);
  });

  await test.step('tabs: arrow keys move between tabs, Enter opens one', async () => {
    const all = page.getByRole('tab', { name: /^全部/ });
    await expect(all).toHaveAttribute('aria-selected', 'true');
    await all.focus();
    await page.keyboard.press('ArrowRight');
    const pending = page.getByRole('tab', { name: /^待付款/ });
    await expect(pending).toBeFocused();
    // Moving focus opens nothing: the list stays on 全部 until the shopper chooses.
    await expect(all).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/tab=pending_payment/);
    await expect(pending).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel', { name: /^待付款/ })).toBeVisible();
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: /^退款售后/ })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(all).toBeFocused();
  });

  await test.step('the user menu opens, moves with arrows and closes with Escape', async () => {
    const button = page.getByRole('button', { name: '小林' });
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: '我的订单' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: '消息中心' })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(menu.getByRole('menuitem', { name: '退出登录' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  await test.step('a page built with antd opens from there (我的账户 via the menu)', async () => {
    await page.getByRole('button', { name: '小林' }).click();
    await page.getByRole('menuitem', { name: '我的账户' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect.poll(() => antdElements(page)).toBeGreaterThan(0);
  });
});
