/**
 * CPU spent verifying one provider notify, per channel: Alipay (RSA2 over the sorted form),
 * WeChat Pay (RSA over the raw body, then AES-256-GCM), UnionPay (certificate chain, then RSA
 * over the SHA-256 hex). The notify route will do this for every delivery, retries included.
 * Notifies come from the local providers; nothing goes over the network while measuring.
 *
 *   npx tsx bench/provider-notifies.ts        (BENCH_NOTIFIES=2000 per channel)
 */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ChannelProvider } from '../src/server/platform/payment-channels/channel-provider.js';
import { createAlipayProvider } from '../src/server/platform/payment-channels/alipay/alipay-provider.js';
import { createUnionPayProvider } from '../src/server/platform/payment-channels/unionpay/unionpay-provider.js';
import { createWechatPayProvider } from '../src/server/platform/payment-channels/wechatpay/wechatpay-provider.js';
import { startFakeAlipay } from '../tests/support/fake-alipay/server.js';
import { startFakeUnionPay } from '../tests/support/fake-unionpay/server.js';
import { startFakeWechatPay } from '../tests/support/fake-wechatpay/server.js';
import { printTable } from './lib/stats.js';

const N = Number(process.env['BENCH_NOTIFIES'] ?? 2000);
const pem = (k: { export(o: object): string | Buffer }, type: 'pkcs8' | 'spki') =>
  k.export({ type, format: 'pem' }).toString();

interface Case {
  name: string;
  provider: ChannelProvider;
  request: { rawBody: string; headers: Record<string, string> };
  close: () => Promise<void>;
}

async function alipayCase(): Promise<Case> {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeAlipay({
    appId: 'A1',
    sellerId: 'S1',
    appPublicKeyPem: pem(app.publicKey, 'spki'),
  });
  const provider = createAlipayProvider({
    settings: {
      appId: 'A1',
      privateKeyPem: pem(app.privateKey, 'pkcs8'),
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      gateway: fake.gateway,
      sellerId: 'S1',
    },
  });
  const handoff = await provider.startPayment({
    merchantOrderNo: 'B1000001',
    amountFen: 8800,
    description: 'bench',
    returnUrl: 'http://x/',
    notifyUrl: 'http://127.0.0.1:9/',
    expiresAt: new Date(Date.now() + 600_000),
    scene: 'desktop',
    requestedAt: new Date(),
  });
  await fetch(handoff.kind === 'redirect' ? handoff.url : '');
  fake.pay('B1000001');
  return {
    name: 'alipay',
    provider,
    close: fake.close,
    request: { rawBody: fake.notifyBody('B1000001'), headers: {} },
  };
}

async function wechatCase(): Promise<Case> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
  const fake = await startFakeWechatPay({
    mchId: 'M1',
    appId: 'W1',
    merchantPublicKeyPem: pem(merchant.publicKey, 'spki'),
    merchantSerialNo: 'S',
    apiV3Key: key,
  });
  const provider = createWechatPayProvider({
    settings: {
      mchId: 'M1',
      appId: 'W1',
      merchantPrivateKeyPem: pem(merchant.privateKey, 'pkcs8'),
      merchantSerialNo: 'S',
      platformPublicKeyPem: fake.platformPublicKeyPem,
      platformPublicKeyId: fake.publicKeyId,
      apiV3Key: key,
      baseUrl: fake.baseUrl,
    },
  });
  await provider.startPayment({
    merchantOrderNo: 'B2000001',
    amountFen: 8800,
    description: 'bench',
    returnUrl: 'http://x/',
    notifyUrl: 'http://127.0.0.1:9/',
    expiresAt: new Date(Date.now() + 600_000),
    scene: 'desktop',
    requestedAt: new Date(),
  });
  fake.pay('B2000001');
  const n = fake.paymentNotify('B2000001');
  return {
    name: 'wechatpay',
    provider,
    close: fake.close,
    request: { rawBody: n.body, headers: n.headers },
  };
}

async function unionpayCase(): Promise<Case> {
  const fake = await startFakeUnionPay({ merId: '777290058110048', pfxPassword: 'p' });
  const provider = createUnionPayProvider({
    settings: {
      merId: '777290058110048',
      signPfx: fake.merchantPfx,
      signPfxPassword: 'p',
      rootCertPem: fake.rootCertPem,
      middleCertPem: fake.middleCertPem,
      gateway: fake.gateway,
      fileGateway: fake.fileGateway,
    },
  });
  const handoff = await provider.startPayment({
    merchantOrderNo: 'B3000001',
    amountFen: 8800,
    description: 'bench',
    returnUrl: 'http://x/',
    notifyUrl: 'http://127.0.0.1:9/',
    expiresAt: new Date(Date.now() + 600_000),
    scene: 'desktop',
    requestedAt: new Date(),
  });
  if (handoff.kind !== 'form') throw new Error('expected a form');
  await fetch(handoff.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(handoff.fields).toString(),
  });
  fake.pay('B3000001');
  return {
    name: 'unionpay',
    provider,
    close: fake.close,
    request: {
      rawBody: fake.notifyBody('B3000001'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
  };
}

const rows: Record<string, string | number>[] = [];
for (const make of [alipayCase, wechatCase, unionpayCase]) {
  const c = await make();
  for (let i = 0; i < 50; i++) c.provider.parseNotify(c.request, new Date()); // warm up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const notify = c.provider.parseNotify(c.request, new Date());
    if (notify.kind !== 'payment') throw new Error('unexpected notify');
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  rows.push({
    channel: c.name,
    'cpu µs/notify': (cpu.user + cpu.system) / N,
    'notifies/s (1 core)': Math.round(N / ((cpu.user + cpu.system) / 1e6)),
    'wall ms': wall,
    notifies: N,
  });
  await c.close();
}
printTable(rows);
