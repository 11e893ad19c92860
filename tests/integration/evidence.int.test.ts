import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

// A real 1×1 PNG, and a PDF header: the server decides the type from these bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

function upload(client: TestClient, refundId: number, name: string, data: Buffer, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  return fetch(`${stack.baseUrl}/api/v1/refunds/${refundId}/evidence`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: `btp_sid=${client.cookie('btp_sid')}; btp_csrf=${client.cookie('btp_csrf')}`,
      'x-csrf-token': client.cookie('btp_csrf') ?? '',
    },
  });
}

/** A paid order cancelled for a large amount: its refund waits for review. */
async function reviewedRefund() {
  const shop = await createShop(stack.db, { stock: 2, priceFen: 300_000 });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  expect(cancel.body.refund.status).toBe('pending_review');
  return { shopper, refundId: cancel.body.refund.id as number, shop };
}

describe('refund evidence', () => {
  it('takes images and PDFs by their content, serves them only to those allowed, with safe headers', async () => {
    const { shopper, refundId, shop } = await reviewedRefund();
    const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
    const asked = await ops.post(`/api/v1/refunds/${refundId}/evidence-request`, {
      note: '请上传商品照片',
    });
    expect(asked.status).toBe(204);
    // The refund page shows what staff asked for, and when.
    const detail = await shopper.get(`/api/v1/refunds/${refundId}`);
    expect(detail.body.evidenceRequest).toMatchObject({ note: '请上传商品照片' });
    expect(Date.parse(detail.body.evidenceRequest.at)).not.toBeNaN();

    const png = await upload(shopper, refundId, 'photo.png', PNG, 'image/png');
    expect(png.status).toBe(201);
    const pngView = (await png.json()) as { url: string; mime: string };
    expect(pngView.mime).toBe('image/png');
    expect((await upload(shopper, refundId, 'chat.pdf', PDF, 'application/pdf')).status).toBe(201);

    // A file whose content is not what its name says.
    const fake = await upload(
      shopper,
      refundId,
      'photo.jpg',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'image/jpeg',
    );
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { error: { code: string } }).error.code).toBe(
      'EVIDENCE_TYPE_NOT_ALLOWED',
    );
    // An over-size file.
    const big = await upload(
      shopper,
      refundId,
      'big.png',
      Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]),
      'image/png',
    );
    expect(big.status).toBe(413);

    // The operator and the shop's merchant may download; another shopper and another shop may not.
    const file = await ops.get(pngView.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-type']).toBe('image/png');
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    expect((await merchant.get(pngView.url)).status).toBe(200);
    const stranger = await loginAs(stack, await createUser(stack.db));
    expect((await stranger.get(pngView.url)).status).toBe(404);
    expect((await upload(stranger, refundId, 'x.png', PNG, 'image/png')).status).toBe(404);
    const otherShop = await createShop(stack.db);
    const otherMerchant = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', otherShop.shopId),
    );
    expect((await otherMerchant.get(pngView.url)).status).toBe(404);

    const list = await shopper.get(`/api/v1/refunds/${refundId}/evidence`);
    expect(list.body.items).toHaveLength(2);
  });

  it('refuses a tenth file', async () => {
    const { shopper, refundId } = await reviewedRefund();
    for (let i = 0; i < 9; i++)
      expect((await upload(shopper, refundId, `p${i}.png`, PNG, 'image/png')).status).toBe(201);
    const tenth = await upload(shopper, refundId, 'p9.png', PNG, 'image/png');
    expect(tenth.status).toBe(409);
    expect(((await tenth.json()) as { error: { code: string } }).error.code).toBe(
      'EVIDENCE_TOO_MANY',
    );
  });
});
