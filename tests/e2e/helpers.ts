// Shared steps for the browser tests: log in, read verification codes from the staff 邮箱 page,
// take screenshots. Everything is found by the words on screen.
import fs from 'node:fs';
import path from 'node:path';
import {
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO = {
  shopper: 'shopper@btepai.test',
  shopperMobile: '13800000001',
  merchant1: 'merchant1@btepai.test',
  merchant2: 'merchant2@btepai.test',
  agent: 'agent@btepai.test',
  ops: 'ops@btepai.test',
} as const;

/** Which merchant account runs which shop (demo data). */
export const MERCHANT_OF_SHOP: Record<string, string> = {
  数码优选旗舰店: DEMO.merchant1,
  山野生活家居馆: DEMO.merchant2,
};

/** Logs in on /login; waits until the page has left /login. */
export async function login(page: Page, account: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱或手机号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A new browser context with the project's options (viewport, locale, baseURL). */
export async function newContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const use = testInfo.project.use;
  return browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    locale: use.locale,
    timezoneId: use.timezoneId,
    userAgent: use.userAgent,
    deviceScaleFactor: use.deviceScaleFactor,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    serviceWorkers: use.serviceWorkers,
  });
}

/**
 * Reads the newest registration code sent to `recipient` from the staff 邮箱与短信 page
 * (the page must belong to a logged-in operator or agent). Delivery is asynchronous (outbox),
 * so the filter is re-run until the message shows up.
 */
export async function readRegisterCode(ops: Page, recipient: string): Promise<string> {
  // Email subject 注册验证码：NNNNNN; SMS (a template) 您的验证码是NNNNNN.
  const codeText = /(?:注册验证码：|验证码是 ?)(\d{6})/;
  let code = '';
  await expect(async () => {
    await ops.goto('/staff/mailbox');
    const filter = ops.getByLabel('收件人');
    await filter.fill(recipient);
    await filter.press('Enter');
    const hit = ops.getByText(codeText).first();
    await expect(hit).toBeVisible({ timeout: 2_000 });
    // The filter really applied: every message listed is for this recipient.
    await expect(ops.getByText(recipient, { exact: true }).first()).toBeVisible();
    const match = codeText.exec((await hit.textContent()) ?? '');
    expect(match).not.toBeNull();
    code = match?.[1] ?? '';
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  return code;
}

/**
 * Screenshots into test-results/screens/: <project>-<name>.png is what the window shows,
 * <project>-<name>-full.png the whole page.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = path.join('test-results', 'screens');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${testInfo.project.name}-${name}`);
  await page.screenshot({ path: `${base}.png` });
  await page.screenshot({ path: `${base}-full.png`, fullPage: true });
}

/**
 * Opens a tab of 我的订单 by its name. At phone size the tab bar scrolls sideways and a tab
 * may be half hidden: focusing it first slides it into view (as a swipe would), so the click
 * then lands on it rather than on the bar moving under the pointer.
 */
export async function openTab(page: Page, label: string): Promise<void> {
  // By part of its name: the count follows the label, and a focused tab also reads out
  // "Tab 3 of 7" before it. The labels share no part, so this is still one tab.
  const tab = page.getByRole('tab', { name: label });
  await tab.focus();
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/**
 * No horizontal scrolling at the width Playwright set for the project. A phone browser widens its
 * layout to fit a page that is too wide (window.innerWidth grows along with scrollWidth), so
 * innerWidth is held to the configured width and not only scrollWidth to innerWidth.
 */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  expect(viewport, 'the page has a fixed viewport').not.toBeNull();
  const width = viewport?.width ?? 0;
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(
    innerWidth,
    `layout widened to ${innerWidth}px on a ${width}px screen (page ${scrollWidth}px wide)`,
  ).toBe(width);
  expect(
    scrollWidth,
    `page is ${scrollWidth}px wide in a ${innerWidth}px window`,
  ).toBeLessThanOrEqual(innerWidth);
}

/** "202611271234567890" → "2026 1127 1234 5678 90" (as the order detail shows it). */
export function groupOrderNo(orderNo: string): string {
  return (orderNo.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * Waits until a dialog has finished opening: antd zooms it in, and a click during the zoom lands
 * on whatever sits under the pointer at that moment (a neighbouring radio, say).
 */
export async function dialogAtRest(dialog: Locator): Promise<void> {
  await expect(dialog).toBeVisible();
  await dialog.evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)),
  );
}
