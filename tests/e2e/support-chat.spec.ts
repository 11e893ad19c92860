// 在线客服 (seed 五.1) in two browsers at once: the demo shopper opens a chat from a paid order
// (联系客服), the demo agent takes it (接入) in the staff console and answers; the shopper sees
// the answer without reloading. The agent cancels the order for the shopper (取消订单 beside the
// chat) and the shopper's chat page shows 已取消; the transcript is in the order's 客服记录.
// Markup sent as a message is shown as text and never runs. Desktop and phone size.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DEMO, login, newContext, snap } from './helpers.js';
import { placeAndPay } from './shopper-flows.js';

const EVIL = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>';

test.use({ actionTimeout: 15_000 });

/** Online chat open around the clock, so the test does not depend on the hour it runs. */
async function openChatAllDay(ops: BrowserContext): Promise<void> {
  const page = await ops.newPage();
  await login(page, DEMO.ops);
  const csrf = (await ops.cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
  const res = await ops.request.put('/api/v1/ops/settings/support', {
    data: { chatHours: Array.from({ length: 7 }, () => ({ open: '00:00', close: '24:00' })) },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status()).toBe(200);
  await page.close();
}

async function say(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: /请输入消息/ });
  await input.fill(text);
  await input.press('Enter');
}

test('shopper and agent chat about an order; the agent cancels it for the shopper', async ({
  browser,
}, testInfo) => {
  const opsContext = await newContext(browser, testInfo);
  const shopperContext = await newContext(browser, testInfo);
  const agentContext = await newContext(browser, testInfo);
  try {
    await openChatAllDay(opsContext);
    const shopper = await shopperContext.newPage();
    await login(shopper, DEMO.shopper);
    const orderNo = await placeAndPay(shopper);

    // 联系客服 on the order page opens the chat, waiting in the queue.
    await shopper.getByRole('button', { name: '联系客服' }).click();
    await expect(shopper).toHaveURL(/\/support\/chat\/\d+/);
    await expect(shopper.getByText(/正在为您接入客服/)).toBeVisible();
    await say(shopper, '你好，这个订单我不想要了');
    await expect(shopper.getByText('你好，这个订单我不想要了')).toBeVisible();

    // The agent takes it from the queue and sees the order beside the chat.
    const agent = await agentContext.newPage();
    await login(agent, DEMO.agent);
    await agent.goto('/staff/support/chats');
    const row = agent.getByTestId('chat-row').filter({ hasText: orderNo });
    await row.getByRole('button', { name: '接入' }).click();
    await expect(agent).toHaveURL(/\/staff\/support\/chats\/\d+/);
    await expect(agent.getByText('你好，这个订单我不想要了')).toBeVisible();
    await expect(agent.getByTestId('panel-status')).toContainText('待发货');

    // The answer reaches the shopper without a reload.
    await say(agent, '好的，我来为您取消');
    await expect(shopper.getByText('好的，我来为您取消')).toBeVisible();
    await expect(shopper.getByText(/客服小美 为您服务/)).toBeVisible();
    await expect(agent.getByText('已读').first()).toBeVisible();

    // Markup in a message is text on both sides, and nothing runs.
    await say(shopper, EVIL);
    await expect(agent.getByText(EVIL)).toBeVisible();
    await expect(shopper.getByText(EVIL)).toBeVisible();
    expect(await agent.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await shopper.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // 取消订单 for the shopper: the shopper's page shows the order 已取消.
    await agent.getByRole('button', { name: '取消订单' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(agent.getByText('已为顾客取消订单')).toBeVisible();
    await expect(shopper.getByText(/已为您取消订单/)).toBeVisible();
    await expect(shopper.getByText('已取消', { exact: true })).toBeVisible();
    await expect(agent.getByTestId('panel-status')).toContainText('已取消');
    await expect(agent.getByTestId('audit-trail')).toContainText('客服小美');
    await snap(shopper, testInfo, 'support-chat-shopper');
    await snap(agent, testInfo, 'support-chat-agent');

    // The transcript is part of the order's history.
    await shopper.goto(`/orders/${orderNo}`);
    const history = shopper.getByTestId('support-history');
    await history.getByText(/在线会话/).click();
    await expect(history.getByText('好的，我来为您取消')).toBeVisible();
  } finally {
    await agentContext.close();
    await shopperContext.close();
    await opsContext.close();
  }
});
