// The local Alipay as a process of its own, for the browser tests: the app under test is
// configured with it (scripts/e2e-server.mjs), the shopper's browser opens its cashier page, and
// it delivers its notifies to our notify route by itself, as Alipay does.
//
// Reads FAKE_ALIPAY_APP_ID, FAKE_ALIPAY_SELLER_ID and FAKE_ALIPAY_APP_PUBLIC_KEY (PEM); prints
// one JSON line with its gateway and Alipay's public key, then runs until SIGTERM.
import { startFakeAlipay } from './server.js';

const DELIVERY_MS = 250;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const fake = await startFakeAlipay({
  appId: required('FAKE_ALIPAY_APP_ID'),
  sellerId: required('FAKE_ALIPAY_SELLER_ID'),
  appPublicKeyPem: required('FAKE_ALIPAY_APP_PUBLIC_KEY'),
});

// Alipay posts a notify soon after the payment or refund; a refused one is simply not repeated
// here (the app's reconciliation and the order page's own reads cover the tests' flows).
let delivering = false;
const timer = setInterval(() => {
  if (delivering) return;
  delivering = true;
  fake
    .deliverNotifies()
    .catch((err: unknown) => console.error('notify delivery failed', err))
    .finally(() => (delivering = false));
}, DELIVERY_MS);

process.stdout.write(
  `${JSON.stringify({ gateway: fake.gateway, alipayPublicKeyPem: fake.alipayPublicKeyPem })}\n`,
);

const stop = () => {
  clearInterval(timer);
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
