// 留言 (seed 五.5) when online chat is closed: the contact page says chat is off duty and offers
// 给我们留言; the shopper leaves a message, an agent answers it from 留言处理, and the shopper
// sees the reply under 我的留言. Desktop and phone size.
import { expect, test, type BrowserContext } from '@playwright/test';
import { DEMO, login, newContext, snap } from './helpers.js';

test.use({ actionTimeout: 15_000 });

async function setChatHours(ops: BrowserContext, open: boolean): Promise<void> {
  const page = await ops.newPage();
  await login(page, DEMO.ops);
  const csrf = (await ops.cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
  const day = open ? { open: '00:00', close: '24:00' } : null;
  const res = await ops.request.put('/api/v1/ops/settings/support', {
    data: { chatHours: Array.from({ length: 7 }, () => day) },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status()).toBe(200);
  await page.close();
}

test('out of chat hours the shopper leaves a message and reads the agent’s reply', async ({
  browser,
}, testInfo) => {
  const opsContext = await newContext(browser, testInfo);
  const shopperContext = await newContext(browser, testInfo);
  const agentContext = await newContext(browser, testInfo);
  const subject = `发票 ${testInfo.project.name} ${Date.now() % 100_000}`;
  try {
    await setChatHours(opsContext, false);
    const shopper = await shopperContext.newPage();
    await login(shopper, DEMO.shopper);
    await shopper.goto('/contact');
    await expect(shopper.getByText('已下班').first()).toBeVisible();
    await expect(shopper.getByText(/在线客服当前不在服务时间/)).toBeVisible();
    await shopper.getByRole('link', { name: '给我们留言' }).click();
    await expect(shopper).toHaveURL(/\/support\/messages/);
    await shopper.getByLabel('主题').fill(subject);
    await shopper.getByLabel('内容').fill('请问可以开具增值税发票吗？');
    await shopper.getByRole('button', { name: '提交留言' }).click();
    await expect(shopper.getByText('留言已提交，我们会尽快回复')).toBeVisible();
    const mine = shopper.getByTestId('board-message').filter({ hasText: subject });
    await expect(mine.getByText('待回复')).toBeVisible();

    const agent = await agentContext.newPage();
    await login(agent, DEMO.agent);
    await agent.goto('/staff/support/board');
    const entry = agent.getByTestId('board-message').filter({ hasText: subject });
    await expect(entry).toBeVisible();
    const box = entry.locator('xpath=..');
    await box.getByRole('textbox', { name: '输入回复内容' }).fill('可以的，请在订单页申请发票。');
    await box.getByRole('button', { name: '回复' }).click();
    await expect(agent.getByText('已回复，顾客会收到通知')).toBeVisible();

    await shopper.reload();
    await expect(mine.getByText('可以的，请在订单页申请发票。')).toBeVisible();
    await expect(mine.getByText('已回复')).toBeVisible();
    await snap(shopper, testInfo, 'support-board-shopper');
  } finally {
    await setChatHours(opsContext, true).catch(() => undefined);
    await agentContext.close();
    await shopperContext.close();
    await opsContext.close();
  }
});
