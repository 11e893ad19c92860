// A wrong password gives a plain message (never a stack trace), in Chinese and in English.
import { expect, test, type Page } from '@playwright/test';
import { DEMO } from './helpers.js';

/** Nothing on the page looks like a stack trace or a raw server error. */
async function expectNoTechnicalDetail(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(
    /\bat \S+ \(|\.(?:ts|js):\d+|Error:|stack|INVALID_CREDENTIALS|HTTP_\d{3}/,
  );
}

test('a wrong password says 账号或密码错误, and in English after switching language', async ({
  page,
}) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录 B特派' })).toBeVisible();

  await test.step('Chinese', async () => {
    // The mobile number of the demo shopper, so the e-mail login of other tests is not slowed.
    await page.getByLabel('邮箱或手机号').fill(DEMO.shopperMobile);
    await page.getByLabel('密码', { exact: true }).fill('Wrong-password-1');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: '账号或密码错误' });
    await expect(alert).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await expectNoTechnicalDetail(page);
  });

  await test.step('English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Log in to B特派' })).toBeVisible();
    // Not exact: after a failed attempt antd sometimes leaves its collapsed spinner (named
    // "loading") inside the button, so the name can read "loading Log in".
    const submit = page.getByRole('button', { name: 'Log in' });
    await expect(submit).toBeVisible();
    await expect(page.getByLabel('Email or mobile')).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '中文' })).toBeVisible();

    await page.getByLabel('Password', { exact: true }).fill('Wrong-password-2');
    await submit.click();
    const alert = page.getByRole('alert').filter({ hasText: 'Incorrect account or password.' });
    await expect(alert).toBeVisible();
    await expect(page.getByText('账号或密码错误')).toHaveCount(0);
    await expectNoTechnicalDetail(page);
  });

  await test.step('the language sticks after a reload', async () => {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Log in to B特派' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
  });
});
