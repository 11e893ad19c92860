// The installable app (issue: the shopper's app on a phone): Chromium finds it installable;
// My Orders and an order last seen stay readable offline, marked 离线 and without buttons that
// would fail; a new version deployed while the app is open is offered with 有新版本可用.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, expect, test, type Page } from '@playwright/test';
import { DEMO, groupOrderNo, login, openTab } from './helpers.js';

// What the service worker adds is tested here, so here it may run (the config blocks it).
test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker controls the page (it claims the page on first install). */
async function serviceWorkerInControl(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeout: 20_000,
    })
    .toBe(true);
}

test('Chromium finds the app installable: manifest in zh-CN with icons, a service worker', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestUrl).toBeTruthy();
  const manifest = (await (await page.request.get(manifestUrl ?? '')).json()) as {
    name: string;
    lang: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'B特派',
    lang: 'zh-CN',
    display: 'standalone',
    theme_color: '#ff5000',
  });
  // Android's launcher sizes, plain and maskable; every icon is really there.
  for (const [sizes, purpose] of [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ]) {
    expect(manifest.icons.some((i) => i.sizes === sizes && i.purpose === purpose)).toBe(true);
  }
  for (const icon of manifest.icons) {
    expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
  }
  // iOS reads its home-screen icon from the page.
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await page.request.get(appleIcon ?? '')).status()).toBe(200);

  // Chromium offers installation only in a normal (not incognito) profile: a profile of its own.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pwa-profile-'));
  const { launchOptions, baseURL, viewport } = testInfo.project.use;
  const browser = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    baseURL,
    viewport,
  });
  try {
    const tab = browser.pages()[0] ?? (await browser.newPage());
    await tab.goto('/');
    await serviceWorkerInControl(tab);
    const cdp = await browser.newCDPSession(tab);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('offline, My Orders and the order last seen are readable, marked 离线, with no actions', async ({
  page,
  context,
}) => {
  await login(page, DEMO.shopper);
  await serviceWorkerInControl(page);

  // Read the list and one shipped order while online (through the service worker).
  await page.goto('/orders');
  await openTab(page, '待收货');
  const first = page.getByRole('link', { name: /^\d{18}$/ }).first();
  const orderNo = (await first.textContent())?.trim() ?? '';
  expect(orderNo).toMatch(/^\d{18}$/);
  await page.getByRole('link', { name: '我的订单' }).click();
  await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
  await page.getByRole('link', { name: orderNo, exact: true }).click();
  await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
  await expect(page.getByRole('button', { name: '确认收货' })).toBeVisible();
  await expect(page.getByRole('button', { name: '联系客服' })).toBeVisible();
  await expect(page.getByText('离线', { exact: true })).toHaveCount(0);

  await context.setOffline(true);
  await test.step('the order page opens again without a network', async () => {
    await page.reload();
    await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
    await expect(page.getByText(groupOrderNo(orderNo), { exact: true })).toBeVisible();
    await expect(page.getByText('订单跟踪')).toBeVisible();
    const banner = page.getByRole('status').filter({ hasText: '离线' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('显示的是您上次查看的内容');
    // Nothing that needs the server is offered.
    await expect(page.getByRole('button', { name: '确认收货' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: '联系客服' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: /导出订单材料/ })).toHaveCount(0);
    // Customer service is still reachable: by phone.
    await expect(page.getByRole('link', { name: /拨打客服热线 [\d-]+/ })).toHaveAttribute(
      'href',
      /^tel:[\d+]+$/,
    );
  });

  await test.step('so does My Orders, with the order in it', async () => {
    await page.getByRole('link', { name: '我的订单' }).click();
    await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
    await expect(page.getByRole('link', { name: orderNo, exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  });

  await test.step('back online, 刷新 brings the list from the server: the banner goes, the actions come back', async () => {
    await context.setOffline(false);
    await page.getByRole('button', { name: '刷新' }).click();
    await expect(page.getByRole('status').filter({ hasText: '离线' })).toHaveCount(0);
    await page.getByRole('link', { name: orderNo, exact: true }).click();
    await expect(page.getByRole('button', { name: '确认收货' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '离线' })).toHaveCount(0);
  });
});

test('a new version deployed while the app is open is offered: 有新版本可用 → 立即更新 reloads into it', async ({
  page,
}) => {
  await page.goto('/');
  await serviceWorkerInControl(page);
  const firstWorker = await page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? '',
  );
  expect(firstWorker).toMatch(/\/sw\.js$/);

  // Deploy: the server's files now hold another release of the service worker, with the
  // compressed copies the build writes beside it (the server sends those to browsers).
  const served = path.join(process.env['E2E_APP_DIR'] || process.cwd(), 'dist/web/sw.js');
  const forms = [served, `${served}.br`, `${served}.gz`].filter((f) => fs.existsSync(f));
  const release = new Map(forms.map((f) => [f, fs.readFileSync(f)]));
  try {
    const next = Buffer.from(`${fs.readFileSync(served, 'utf8')}\n// next release\n`);
    fs.writeFileSync(served, next);
    if (release.has(`${served}.br`))
      fs.writeFileSync(`${served}.br`, zlib.brotliCompressSync(next));
    if (release.has(`${served}.gz`)) fs.writeFileSync(`${served}.gz`, zlib.gzipSync(next));
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await offerAndTakeUpdate(page);
  } finally {
    for (const [f, data] of release) fs.writeFileSync(f, data);
  }
});

async function offerAndTakeUpdate(page: Page): Promise<void> {
  const prompt = page.getByRole('alert').filter({ hasText: '有新版本可用' });
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await page.evaluate(() => {
    (window as { beforeUpdate?: boolean }).beforeUpdate = true;
  });
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: '立即更新' }).click();
  await reloaded;

  // The page reloaded under the new worker, and nothing is waiting any more.
  expect(
    await page.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate ?? false),
  ).toBe(false);
  await serviceWorkerInControl(page);
  const waiting = await page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.waiting != null,
  );
  expect(waiting).toBe(false);
  await expect(page.getByRole('alert').filter({ hasText: '有新版本可用' })).toHaveCount(0);
}
