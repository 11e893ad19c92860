// Refunds in the browser (seed 000, 四): a cancelled order's refund goes 退款中 → 已到账 on its own
// page without a reload; a refund under review where the operator asks for evidence and the
// shopper uploads it; a refund that fails at the bank and is sent to 余额 instead; and a
// 退货退款 of a delivered order, from the shopper's 申请 to the merchant's 确认收货 and the money.
//
// Shoppers run at desktop and phone size; staff always sit at a desk-size browser.
//
// Each test registers its own shopper, so refunds of other tests (and the demo shopper's
// 账户信誉) never send these refunds to review by accident.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, MERCHANT_OF_SHOP, login, snap } from './helpers.js';
import {
  cancelAndOpenRefund,
  clearFaults,
  openStaffMenu,
  refundStatus,
  registerRefundShopper,
  setSandboxFaults,
  staffContext,
} from './refund-steps.js';
import { placeAndPay } from './shopper-flows.js';

/** ¥129.00, 支持全额退款, no shipping fee: refunded automatically (below the review amount). */
const CHARGER = '65W 氮化镓快充头';
/** ¥899.00 each: three make ¥2697.00, ¥2667.00 after the shop's 满减: above the ¥2,000 review amount. */
const EARBUDS = '无线降噪耳机 Pro';

test.use({ actionTimeout: 15_000 });

/** The evidence upload box: drag-and-drop at a desk, a tap on a phone. */
const UPLOAD_BOX = /^点击(或拖拽文件到此处|选择图片或 PDF )上传$/;

/** A row of a 描述 list on the refund page: "预计到账 预计 11月27日 10:31 到账". */
function fact(page: Page, label: string) {
  return page.getByRole('row', { name: new RegExp(`^${label} `) });
}

test('取消 a paid order: the refund page shows 退款中 with 预计到账, then 已到账 without a reload', async ({
  page,
  baseURL,
}, testInfo) => {
  const shopper = await registerRefundShopper(testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: CHARGER });

  // The payment network is slow to confirm for this test: the settlement report reaches us
  // 8 seconds late, long enough to see the refund on its way.
  await setSandboxFaults(baseURL!, { webhooks: { delay_ms: 8_000 } });
  try {
    await cancelAndOpenRefund(page);
    await test.step('退款中, ¥129.00 back to 支付宝, with the expected arrival', async () => {
      await expect(refundStatus(page)).toHaveText('退款中', { timeout: 15_000 });
      await expect(page.getByText('退款已提交支付渠道，请留意到账')).toBeVisible();
      await expect(fact(page, '退回至')).toHaveText(/原路退回 支付宝/);
      await expect(fact(page, '预计到账')).toHaveText(/预计 \d+月\d+日 .*到账/);
      await expect(fact(page, '订单号')).toContainText(orderNo);
      await expect(page.getByText('¥129.00').first()).toBeVisible();
      await snap(page, testInfo, 'refund-processing');
    });
    await test.step('the same page, untouched, turns 已到账 with the arrival time', async () => {
      await expect(refundStatus(page)).toHaveText('已到账', { timeout: 30_000 });
      await expect(page.getByText('退款已退回到下方账户')).toBeVisible();
      await expect(fact(page, '到账时间')).toHaveText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      await expect(fact(page, '预计到账')).toHaveCount(0);
      // 退款进度 lists both steps, newest first.
      const steps = page.getByRole('listitem');
      await expect(steps.filter({ hasText: /^已到账/ })).toBeVisible();
      await expect(steps.filter({ hasText: /^退款中/ })).toBeVisible();
    });
  } finally {
    await clearFaults(baseURL!);
  }
});

/** A PNG drawn by the browser itself: a real image of a few hundred bytes. */
async function pngOf(page: Page, size?: number): Promise<Buffer> {
  const dataUrl = await page.evaluate((side) => {
    const canvas = document.createElement('canvas');
    canvas.width = side ?? 120;
    canvas.height = side ?? 90;
    const g = canvas.getContext('2d')!;
    if (side) {
      // Noise does not compress: a photo-sized file of a few megabytes.
      const img = g.createImageData(side, side);
      for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.random() * 256) | 0;
      g.putImageData(img, 0, 0);
    } else {
      g.fillStyle = '#ffe7ba';
      g.fillRect(0, 0, 120, 90);
      g.fillStyle = '#d4380d';
      g.fillRect(20, 20, 80, 50);
    }
    return canvas.toDataURL('image/png');
  }, size);
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

test('a refund under review: the operator asks for evidence, the shopper uploads a photo, the operator sees it and approves', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await registerRefundShopper(testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: EARBUDS, quantity: 3 });
  await cancelAndOpenRefund(page);

  await test.step('the refund waits for review: 金额超过审核线', async () => {
    await expect(refundStatus(page)).toHaveText('待审核');
    await expect(
      page.getByRole('alert').filter({ hasText: '需审核原因：金额超过审核线' }),
    ).toBeVisible();
    await expect(page.getByText('¥2667.00').first()).toBeVisible();
    await expect(page.getByText(UPLOAD_BOX)).toBeVisible();
  });

  const opsContext = await staffContext(browser, testInfo);
  const ops = await opsContext.newPage();
  const note = '请上传商品包装的照片';
  const row = ops.getByRole('row').filter({ hasText: orderNo });
  try {
    await test.step('the operator opens 退款审核 → 凭证 and asks for evidence', async () => {
      await login(ops, DEMO.ops);
      await openStaffMenu(ops, '退款审核');
      await expect(ops.getByRole('heading', { name: '退款审核' })).toBeVisible();
      await expect(row).toContainText('金额超过审核线');
      await row.getByRole('button', { name: '凭证' }).click();
      const dialog = ops.getByRole('dialog', { name: `订单 ${orderNo} 的退款凭证` });
      await expect(dialog.getByText('买家尚未上传凭证')).toBeVisible();
      // A request says what is wanted.
      await dialog.getByRole('button', { name: '要求补充凭证' }).click();
      await expect(dialog.getByText('请说明需要哪些凭证（2-300 字）')).toBeVisible();
      await dialog.getByLabel('要求买家补充的凭证').fill(note);
      await dialog.getByRole('button', { name: '要求补充凭证' }).click();
      await expect(ops.getByText('已通知买家补充凭证')).toBeVisible();
      await dialog.getByRole('button', { name: '关闭' }).click();
      await expect(row.getByText('已要求补充凭证')).toBeVisible();
    });

    await test.step('the shopper sees the request on the same page, without a reload', async () => {
      await expect(page.getByText('平台请您补充凭证')).toBeVisible({ timeout: 20_000 });
      await expect(page.getByText(note)).toBeVisible();
    });

    await test.step('a Word file is refused before it is sent, a fake PNG by the server; a photo and a PDF upload', async () => {
      const pick = async (files: { name: string; mimeType: string; buffer: Buffer }[]) => {
        const chooser = page.waitForEvent('filechooser');
        await page.getByText(UPLOAD_BOX).click();
        await (await chooser).setFiles(files);
      };
      await pick([
        { name: '聊天记录.docx', mimeType: 'application/msword', buffer: Buffer.from('doc') },
      ]);
      const problems = page.getByRole('alert').filter({ hasText: '有文件未能上传' });
      await expect(problems).toContainText(
        '聊天记录.docx：只支持 JPG、PNG、WebP、GIF 图片或 PDF 文件',
      );
      // Named and typed as a PNG, so the browser lets it go; the server reads the bytes.
      await pick([{ name: '假图片.png', mimeType: 'image/png', buffer: Buffer.from('not a png') }]);
      await expect(problems).toContainText(
        '假图片.png：只支持 JPG、PNG、WebP、GIF 图片或 PDF 文件',
      );
      await pick([
        { name: '包装照片.png', mimeType: 'image/png', buffer: await pngOf(page) },
        { name: '快递单.pdf', mimeType: 'application/pdf', buffer: PDF },
      ]);
      const uploaded = page.getByRole('list', { name: '已上传的凭证' });
      await expect(uploaded.getByRole('listitem')).toHaveCount(2);
      await expect(uploaded.getByRole('img', { name: '包装照片.png' })).toBeVisible();
      // The image really loads from the server (not a broken picture).
      await expect
        .poll(() =>
          uploaded
            .getByRole('img', { name: '包装照片.png' })
            .evaluate((img: HTMLImageElement) => img.naturalWidth),
        )
        .toBe(120);
      await expect(uploaded.getByText('快递单.pdf')).toBeVisible();
      await expect(uploaded.getByRole('link', { name: '下载 快递单.pdf' })).toBeVisible();
      await expect(uploaded.getByRole('link', { name: /下载$/ })).toHaveCount(2);
      await expect(page.getByText(/最多 9 个（已上传 2 个）/)).toBeVisible();
      await snap(page, testInfo, 'refund-evidence');
    });

    await test.step('a big photo on a slow connection shows its own progress', async () => {
      const photo = await pngOf(page, 800);
      expect(photo.length).toBeGreaterThan(1024 * 1024);
      const cdp = await page.context().newCDPSession(page);
      // About 512 KB/s up: the upload takes a few seconds.
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 512 * 1024,
      });
      const chooser = page.waitForEvent('filechooser');
      await page.getByText(UPLOAD_BOX).click();
      await (
        await chooser
      ).setFiles([{ name: '现场照片.png', mimeType: 'image/png', buffer: photo }]);
      // This file's own bar: an earlier file's may still be finishing beside it.
      const bar = page
        .locator('.ant-upload-list-item', { hasText: '现场照片.png' })
        .getByRole('progressbar');
      await expect(bar).toBeVisible();
      await expect
        .poll(async () => Number(await bar.getAttribute('aria-valuenow')))
        .toBeGreaterThan(0);
      await snap(page, testInfo, 'refund-evidence-progress');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      const uploaded = page.getByRole('list', { name: '已上传的凭证' });
      await expect(uploaded.getByRole('listitem')).toHaveCount(3, { timeout: 30_000 });
      await expect(bar).toHaveCount(0);
      await expect(page.getByText(/最多 9 个（已上传 3 个）/)).toBeVisible();
    });

    await test.step('the operator sees the photo and the PDF, and approves', async () => {
      await ops.reload();
      await row.getByRole('button', { name: '凭证' }).click();
      const dialog = ops.getByRole('dialog', { name: `订单 ${orderNo} 的退款凭证` });
      await expect(dialog.getByText(`已要求补充凭证：${note}`)).toBeVisible();
      await expect(dialog.getByRole('img', { name: '包装照片.png' })).toBeVisible();
      await expect(dialog.getByText('快递单.pdf')).toBeVisible();
      await snap(ops, testInfo, 'refund-evidence-staff');
      await dialog.getByRole('button', { name: '关闭' }).click();
      await row.getByRole('button', { name: '通过' }).click();
      const confirm = ops.getByRole('dialog', { name: `通过订单 ${orderNo} 的退款 ¥2667.00？` });
      await confirm.getByRole('button', { name: '通过' }).click();
      // The answer waits for the server, whose embedded database runs one query at a time: on a
      // busy machine that takes longer than the default wait.
      await expect(ops.getByText('已通过，退款将自动发起')).toBeVisible({ timeout: 30_000 });
    });
  } finally {
    await opsContext.close();
  }

  await test.step('the shopper sees the refund proceed and arrive, and the photo stays listed', async () => {
    await expect(refundStatus(page)).toHaveText(/已批准|退款中|已到账/, { timeout: 20_000 });
    await expect(refundStatus(page)).toHaveText('已到账', { timeout: 30_000 });
    await expect(page.getByText(UPLOAD_BOX)).toHaveCount(0);
    await expect(
      page.getByRole('list', { name: '已上传的凭证' }).getByRole('listitem'),
    ).toHaveCount(3);
  });
});

test('a refund fails at the bank (account closed): the shopper is told, sends it to 余额 with their password, and it arrives', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const shopper = await registerRefundShopper(testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: CHARGER });

  // The shopper's 支付宝 account has been closed since paying: the bank sends the money back.
  await setSandboxFaults(baseURL!, { refund_outcome: 'account_closed' });
  try {
    await cancelAndOpenRefund(page);
    await test.step('the page turns 退款失败 by itself and says why', async () => {
      await expect(refundStatus(page)).toHaveText('退款失败', { timeout: 30_000 });
      await expect(page.getByText('退款失败：原支付账户已注销')).toBeVisible();
      await expect(
        page.getByText('款项未能退回原账户。请更换退款账户，提交后将重新审核。'),
      ).toBeVisible();
    });
  } finally {
    await clearFaults(baseURL!);
  }

  await test.step('更换退款账户 → 退回余额, confirmed with the login password', async () => {
    await page.getByRole('button', { name: '更换退款账户' }).click();
    await expect(page.getByRole('radio', { name: '退回余额' })).toBeChecked();
    await page.getByLabel('登录密码').fill('NotMyPassword1');
    await page.getByRole('button', { name: '确认更换' }).click();
    await expect(page.getByText('密码错误，请重新输入')).toBeVisible();
    await expect(refundStatus(page)).toHaveText('退款失败');
    await page.getByLabel('登录密码').fill(shopper.password);
    await page.getByRole('button', { name: '确认更换' }).click();
    await expect(page.getByText('已更换退款账户，等待审核')).toBeVisible();
    await expect(refundStatus(page)).toHaveText('待审核');
    await expect(fact(page, '退回至')).toHaveText(/B特派余额/);
  });

  await test.step('an operator approves the new destination in 退款审核', async () => {
    const opsContext = await staffContext(browser, testInfo);
    try {
      const ops = await opsContext.newPage();
      await login(ops, DEMO.ops);
      await openStaffMenu(ops, '退款审核');
      // Not before: the console opens on 邮箱与短信, whose rows name the order too.
      await expect(ops.getByRole('heading', { name: '退款审核' })).toBeVisible();
      const row = ops.getByRole('row').filter({ hasText: orderNo });
      await expect(row).toContainText('买家已更换退款账户');
      await expect(row).toContainText('B特派余额');
      await row.getByRole('button', { name: '通过' }).click();
      const confirm = ops.getByRole('dialog', { name: `通过订单 ${orderNo} 的退款 ¥129.00？` });
      await confirm.getByRole('button', { name: '通过' }).click();
      // The answer waits for the server, whose embedded database runs one query at a time: on a
      // busy machine that takes longer than the default wait.
      await expect(ops.getByText('已通过，退款将自动发起')).toBeVisible({ timeout: 30_000 });
    } finally {
      await opsContext.close();
    }
  });

  await test.step('re-issued to 余额, the refund ends 已到账', async () => {
    await expect(refundStatus(page)).toHaveText('已到账', { timeout: 30_000 });
    await expect(fact(page, '退回至')).toHaveText(/B特派余额/);
    await expect(fact(page, '到账时间')).toBeVisible();
    const steps = page.getByRole('listitem');
    await expect(steps.filter({ hasText: /^退款失败原支付账户已注销/ })).toBeVisible();
    await expect(steps.filter({ hasText: /^待审核更换为退回余额/ })).toBeVisible();
    await snap(page, testInfo, 'refund-reissued');
  });
});

test('退货退款 of a delivered order: the shopper applies and sends it back, the merchant confirms receipt, the refund arrives', async ({
  page,
  browser,
}, testInfo) => {
  const shopper = await registerRefundShopper(testInfo);
  await login(page, shopper.email, shopper.password);
  const orderNo = await placeAndPay(page, { product: CHARGER });
  const stamp = String(Date.now()).slice(-10);

  const merchantContext = await staffContext(browser, testInfo);
  const merchant = await merchantContext.newPage();
  try {
    await test.step('the merchant prepares, ships and marks it delivered', async () => {
      await login(merchant, MERCHANT_OF_SHOP['数码优选旗舰店'] ?? '');
      const search = merchant.getByRole('searchbox', { name: '搜索订单' });
      await search.fill(orderNo);
      await search.press('Enter');
      await expect(merchant.getByRole('link', { name: /^\d{18}$/ })).toHaveCount(1);
      await merchant.getByRole('button', { name: '备货', exact: true }).click();
      await expect(merchant.getByText('已开始备货')).toBeVisible();
      await merchant.getByRole('button', { name: '发货', exact: true }).click();
      const dialog = merchant.getByRole('dialog', { name: '填写发货信息' });
      await dialog.getByLabel('快递公司').click();
      await merchant.getByTitle('顺丰速运', { exact: true }).click();
      await dialog.getByLabel('运单号').fill(`SF${stamp}`);
      await dialog.getByRole('button', { name: '确认发货' }).click();
      await expect(dialog).toBeHidden();
      await merchant.getByRole('button', { name: '已送达' }).click();
      await expect(merchant.getByText('已标记为送达')).toBeVisible();
    });

    await test.step('the shopper applies for 退货退款 (质量问题)', async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: '包裹已送达，请及时确认收货' })).toBeVisible();
      await page.getByRole('button', { name: '申请售后' }).click();
      const dialog = page.getByRole('dialog', { name: '申请售后' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('radio', { name: '退货退款' }).check();
      await expect(dialog.getByText('已选 1 件')).toBeVisible();
      await dialog.getByRole('radio', { name: '质量问题' }).check();
      await dialog.getByRole('button', { name: '提交申请' }).click();
      await expect(page.getByText('售后申请已提交，请等待商家处理').first()).toBeVisible();
    });

    const queueRow = merchant.getByRole('row').filter({ hasText: orderNo });
    await test.step('the merchant agrees to the return in 售后处理', async () => {
      await openStaffMenu(merchant, '售后处理');
      await expect(merchant.getByRole('heading', { name: '售后处理' })).toBeVisible();
      await expect(queueRow).toContainText('退货退款');
      await expect(queueRow).toContainText('质量问题');
      await queueRow.getByRole('button', { name: '同意' }).click();
      const confirm = merchant.getByRole('dialog', { name: `同意订单 ${orderNo} 的售后申请？` });
      await expect(confirm).toContainText('同意后买家将寄回商品，您确认收货后再退款。');
      await confirm.getByRole('button', { name: '同意' }).click();
      await expect(merchant.getByText('已同意退货，等待买家寄回')).toBeVisible();
    });

    const trackingNo = `YT${stamp}`;
    await test.step('the shopper enters the carrier and tracking number of the return', async () => {
      await page.reload();
      await expect(page.getByText('商家已同意退货，请寄回商品并填写退货物流')).toBeVisible();
      await page.getByRole('button', { name: '提交退货物流' }).click();
      await expect(page.getByText('请选择快递公司').first()).toBeVisible();
      await page.getByLabel('退货快递公司').click();
      // On the phone the list keeps moving while the page scrolls it into view; a pointer
      // click can then land on the field below it. Choose the option itself.
      await page.getByTitle('圆通速递', { exact: true }).dispatchEvent('click');
      // Chosen: neither the placeholder nor the "required" message is left.
      await expect(page.getByText('请选择快递公司')).toHaveCount(0);
      await page.getByLabel('退货运单号').fill(trackingNo);
      await page.getByRole('button', { name: '提交退货物流' }).click();
      await expect(page.getByText('退货物流已提交，待商家确认收货').first()).toBeVisible();
      await expect(page.getByText(`退货物流：圆通速递 ${trackingNo}`)).toBeVisible();
    });

    await test.step('the merchant sees the parcel number and confirms receipt', async () => {
      // A while later the merchant looks at the queue again.
      await merchant.reload();
      await merchant.getByRole('tab', { name: '待收货确认' }).click();
      await expect(queueRow).toContainText(trackingNo);
      await queueRow.getByRole('button', { name: '确认收货' }).click();
      const confirm = merchant.getByRole('dialog', { name: `确认已收到订单 ${orderNo} 的退货？` });
      await expect(confirm).toContainText('确认后将原路退款');
      await confirm.getByRole('button', { name: '确认收货' }).click();
      await expect(merchant.getByText('已确认收货，退款已发起')).toBeVisible();
    });
  } finally {
    await merchantContext.close();
  }

  await test.step('the shopper follows the refund to 已到账', async () => {
    await page.reload();
    const card = page.getByRole('region', { name: '售后服务' });
    await expect(card).toContainText('退款 ¥129.00');
    await card.getByRole('link', { name: '查看退款' }).click();
    await expect(page.getByRole('heading', { name: '退款详情' })).toBeVisible();
    await expect(fact(page, '退回至')).toHaveText(/原路退回 支付宝/);
    await expect(refundStatus(page)).toHaveText('已到账', { timeout: 30_000 });
    await expect(fact(page, '到账时间')).toBeVisible();
  });
});
