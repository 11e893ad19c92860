// The pages run under a strict Content-Security-Policy and raise no violation of it; hashed
// assets are cached for good and sent compressed.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, login } from './helpers.js';

/** Collects every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return violations;
}

test('pages carry a strict CSP and break none of it, for a shopper and an operator', async ({
  page,
}) => {
  const violations = await watchViolations(page);

  const first = await page.goto('/login');
  const headers = first?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cache-control']).toBe('no-cache');
  // Served over plain http here: no HSTS (it would be ignored, and stick to localhost).
  expect(headers['strict-transport-security']).toBeUndefined();

  await login(page, DEMO.shopper);
  await page.goto('/orders');
  await expect(page.getByRole('heading', { name: '我的订单' })).toBeVisible();
  await page.getByRole('link', { name: '查看详情' }).first().click();
  await expect(page.getByRole('heading', { name: '订单详情' })).toBeVisible();
  await page.goto('/messages');
  await page.waitForLoadState('networkidle');

  await page.context().clearCookies();
  await login(page, DEMO.ops);
  await page.goto('/staff/dashboards');
  await expect(page.locator('canvas').first()).toBeVisible();

  expect(violations).toEqual([]);
});

test('hashed assets are immutable and sent compressed', async ({ page, request }) => {
  await page.goto('/login');
  const script = await page.locator('script[src^="/assets/"]').first().getAttribute('src');
  expect(script).toMatch(/^\/assets\/.+\.js$/);
  const res = await request.get(script ?? '', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.headers()['content-encoding']).toBe('br');
});
