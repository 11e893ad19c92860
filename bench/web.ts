/**
 * The shopper's web app as a phone gets it: builds (unless BENCH_SKIP_BUILD=1), serves the built
 * app as `npm start` does (temporary data folder, demo data), and measures in Chromium:
 *
 * 1. A shopper's first visit to 我的订单 (signed in, nothing cached): every script the page
 *    loads, its bytes on the wire (what our server sent, compressed if it compresses), its raw
 *    size and its gzip and brotli sizes (node:zlib, for comparison while the server sends it
 *    uncompressed); the number of requests.
 * 2. The same visit on a 360 × 640 phone with 4× CPU throttling, BENCH_LOADS (5) cold loads:
 *    main-thread CPU of the load, first contentful paint and "order list visible" (the first
 *    order's number on screen), medians.
 * 3. A repeat visit with the service worker installed: scripts over the network (should be 0).
 *
 *   npx tsx bench/web.ts          (BENCH_LOADS=5 BENCH_SKIP_BUILD=1 CHROMIUM_PATH=/usr/bin/chromium)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { printTable } from './lib/stats.js';

const LOADS = Number(process.env['BENCH_LOADS'] ?? 5);
const CPU_SLOWDOWN = 4;
const PHONE = { width: 360, height: 640 };
const SHOPPER = { account: 'shopper@btepai.test', password: 'Demo@2026' };
const MAIN = 'dist/server/main.js';
const READY_BUDGET_MS = 180_000;

if (process.env['BENCH_SKIP_BUILD'] !== '1') {
  console.log('building (npm run build)…');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}
if (!fs.existsSync(MAIN) || !fs.existsSync('dist/web/index.html')) {
  throw new Error('dist/ is missing: run without BENCH_SKIP_BUILD');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `node dist/server/main.js serve` on a fresh data folder (seeded with the demo shopper). */
async function startServer(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-bench-web-'));
  const [port, sandboxPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: origin,
    SANDBOX_PAY_PORT: String(sandboxPort),
    SMTP_CAPTURE_PORT: String(smtpPort),
    LOG_LEVEL: 'warn',
  };
  for (const key of ['DATABASE_URL', 'SANDBOX_PAY_URL', 'SMTP_URL']) delete env[key];
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_BUDGET_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return { origin, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await sleep(250);
  }
  await stop();
  throw new Error('the server did not become ready');
}

/** Signs the demo shopper in once; the session cookie is then given to every fresh context. */
async function shopperCookies(browser: Browser, origin: string) {
  const context = await browser.newContext({ baseURL: origin });
  try {
    await context.request.get('/api/v1/session');
    const csrf = (await context.cookies()).find((c) => c.name === 'btp_csrf')?.value ?? '';
    const res = await context.request.post('/api/v1/auth/login', {
      data: SHOPPER,
      headers: { 'x-csrf-token': csrf },
    });
    if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
    return await context.cookies();
  } finally {
    await context.close();
  }
}

interface ScriptHit {
  url: string;
  wire: number;
  body: Buffer;
  encoding: string;
  fromServiceWorker: boolean;
}

/** Records every response of a page: scripts with their sizes, and the request count. */
function recordResponses(page: Page) {
  const scripts: Promise<ScriptHit | null>[] = [];
  let requests = 0;
  page.on('requestfinished', (request) => {
    requests += 1;
    scripts.push(
      (async () => {
        const response = await request.response();
        if (!response || request.resourceType() !== 'script') return null;
        const sizes = await request.sizes();
        const body = await response.body().catch(() => Buffer.alloc(0));
        return {
          url: new URL(request.url()).pathname,
          wire: sizes.responseBodySize,
          body,
          encoding: (await response.headerValue('content-encoding')) ?? 'identity',
          fromServiceWorker: response.fromServiceWorker(),
        };
      })(),
    );
  });
  return {
    requests: () => requests,
    scripts: async () => (await Promise.all(scripts)).filter((s): s is ScriptHit => s !== null),
  };
}

/**
 * Opens 我的订单 and waits until the first order's number is on screen; returns that moment
 * (ms since navigation start), noted by the page itself on the first frame that shows it.
 */
async function openMyOrders(page: Page): Promise<number> {
  await page.goto('/orders', { waitUntil: 'commit' });
  // A string, not a function: tsx would wrap inner functions in a helper the page lacks.
  return page.evaluate<number>(`new Promise((resolve) => {
    const frame = () => {
      const links = document.querySelectorAll('a[href^="/orders/"]');
      if ([...links].some((a) => /^\\d{18}$/.test((a.textContent || '').trim()))) {
        resolve(performance.now());
      } else requestAnimationFrame(frame);
    };
    frame();
  })`);
}

async function newShopperContext(
  browser: Browser,
  origin: string,
  cookies: Awaited<ReturnType<typeof shopperCookies>>,
  phone: boolean,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'zh-CN',
    ...(phone
      ? { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 } }),
  });
  await context.addCookies(cookies);
  return context;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const cookies = await shopperCookies(browser, server.origin);

    // 1. Cold loads (CPU first) on a throttled phone.
    const samples: { cpu: number; fcp: number; list: number }[] = [];
    for (let i = 0; i < LOADS; i++) {
      const ctx = await newShopperContext(browser, server.origin, cookies, true);
      const tab = await ctx.newPage();
      const cdp = await ctx.newCDPSession(tab);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await cdp.send('Performance.enable');
      const listVisible = await openMyOrders(tab);
      const fcp = await tab.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      );
      const { metrics } = await cdp.send('Performance.getMetrics');
      const cpu = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
      samples.push({ cpu, fcp, list: listVisible });
      await ctx.close();
    }
    console.log(
      `\nphone ${PHONE.width} × ${PHONE.height}, CPU ${CPU_SLOWDOWN}× slower, ${LOADS} cold loads of 我的订单 (medians)`,
    );
    printTable([
      {
        'main-thread CPU per load': `${median(samples.map((s) => s.cpu)).toFixed(0)} ms`,
        'first contentful paint': `${median(samples.map((s) => s.fcp)).toFixed(0)} ms`,
        'order list visible': `${median(samples.map((s) => s.list)).toFixed(0)} ms`,
        'list visible, each load': samples.map((s) => s.list.toFixed(0)).join(' '),
      },
    ]);

    // 2. First visit: what goes over the wire.
    const context = await newShopperContext(browser, server.origin, cookies, true);
    const page = await context.newPage();
    const first = recordResponses(page);
    await openMyOrders(page);
    await page.waitForLoadState('networkidle');
    const scripts = await first.scripts();
    let raw = 0;
    let wire = 0;
    let gz = 0;
    let br = 0;
    const rows = [];
    for (const s of scripts.sort((a, b) => b.body.length - a.body.length)) {
      const g = zlib.gzipSync(s.body).length;
      const b = zlib.brotliCompressSync(s.body).length;
      raw += s.body.length;
      wire += s.wire;
      gz += g;
      br += b;
      rows.push({
        script: s.url,
        raw: kb(s.body.length),
        'on the wire': `${kb(s.wire)} ${s.encoding}`,
        gzip: kb(g),
        brotli: kb(b),
      });
    }
    console.log(`\nfirst visit to 我的订单, signed in, nothing cached (${scripts.length} scripts)`);
    printTable(rows);
    console.log(
      `\nJavaScript: ${kb(wire)} on the wire (as served), raw ${kb(raw)}, gzip ${kb(gz)}, brotli ${kb(br)}; ` +
        `${scripts.length} script requests, ${first.requests()} requests in all`,
    );

    // 3. Repeat visit with the service worker installed (if the app has one).
    const hasWorker = await page
      .evaluate(async () => {
        if (!('serviceWorker' in navigator)) return false;
        const reg = await navigator.serviceWorker.getRegistration();
        if (!reg) return false;
        await navigator.serviceWorker.ready;
        return true;
      })
      .catch(() => false);
    if (hasWorker) {
      // Let the precache finish, then visit again in a new tab of the same profile.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 30_000,
      });
      await sleep(2_000);
      const again = await context.newPage();
      const repeat = recordResponses(again);
      await openMyOrders(again);
      await again.waitForLoadState('networkidle');
      const hits = await repeat.scripts();
      const overNetwork = hits.filter((h) => !h.fromServiceWorker);
      console.log(
        `repeat visit with the service worker: ${hits.length} scripts, ` +
          `${hits.length - overNetwork.length} from the service worker, ` +
          `${overNetwork.length} over the network (${kb(overNetwork.reduce((n, h) => n + h.wire, 0))})`,
      );
    } else {
      console.log('repeat visit: the app registers no service worker');
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
