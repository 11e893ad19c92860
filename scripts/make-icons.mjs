// Draws the app icons (web app manifest, iOS home screen, favicon) into src/web/public/icons
// with Debian's Chromium: one SVG design, rendered at each size. Run after changing the design:
//   node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const out = path.resolve('src/web/public/icons');
const BRAND = '#ff5000';

/** `safe`: the share of the square the letter may use (maskable icons are cut to a circle). */
function svg({ rounded, safe }) {
  const r = rounded ? 112 : 0;
  const size = Math.round(360 * safe);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="${r}" fill="${BRAND}"/>
  <text x="256" y="256" dy="0.35em" text-anchor="middle" fill="#fff"
    font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="700"
    font-size="${size}">B</text>
</svg>`;
}

const icons = [
  { file: 'icon-192.png', size: 192, rounded: true, safe: 1 },
  { file: 'icon-512.png', size: 512, rounded: true, safe: 1 },
  { file: 'maskable-192.png', size: 192, rounded: false, safe: 0.7 },
  { file: 'maskable-512.png', size: 512, rounded: false, safe: 0.7 },
  // iOS rounds the corners itself and shows transparency as black: a full square.
  { file: 'apple-touch-icon-180.png', size: 180, rounded: false, safe: 0.85 },
];

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon.svg'), svg({ rounded: true, safe: 1 }) + '\n');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const icon of icons) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">
        <img style="display:block;width:${icon.size}px;height:${icon.size}px"
          src="data:image/svg+xml;base64,${Buffer.from(svg(icon)).toString('base64')}"></body></html>`,
    );
    await page.screenshot({ path: path.join(out, icon.file), omitBackground: true });
    console.log(icon.file);
  }
} finally {
  await browser.close();
}
