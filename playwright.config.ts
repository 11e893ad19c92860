import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env['E2E_PORT'] ?? 3310);
export const E2E_BASE_URL = `http://localhost:${PORT}`;

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
const launchOptions = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  // The longest flows (a refund under review: shopper, operator, shopper again) take about a
  // minute alone and twice that on a busy machine; one limit for all, with room.
  timeout: 240_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The flows run as in a browser without service workers (as some in-app browsers are): no
    // feature may depend on it, and no test context spends time installing it. pwa.spec.ts
    // allows it and tests what it adds.
    serviceWorkers: 'block',
    // As a shopper who asked for less motion: antd's dialogs and menus open without zooming
    // (AntdScope), so no click lands mid-animation and the browser draws fewer frames.
    // accessibility.spec.ts checks that this setting is honoured.
    reducedMotion: 'reduce',
    launchOptions,
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions },
      // Flows about the phone layout alone (tagged @phone) run at phone size only.
      grepInvert: /@phone/,
    },
    {
      // The small Android phone most shoppers' pages must fit: 360 × 640. Flows through pages
      // only staff use (tagged @staff) run at desktop size alone.
      name: 'phone',
      use: { ...devices['Pixel 7'], viewport: { width: 360, height: 640 }, launchOptions },
      grepInvert: /@staff/,
    },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    // Optional: run a private copy of the built app (dist/, drizzle/, scripts/) so that
    // someone rebuilding dist/ in the shared checkout cannot change the app mid-run.
    cwd: process.env['E2E_APP_DIR'] || undefined,
    url: `${E2E_BASE_URL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { E2E_PORT: String(PORT) },
  },
});
