import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_TEMPLATES, smsContent, type SmsKind } from '../../src/domain/sms-templates.js';
import { PASSWORD_CHANGED_TOPIC } from '../../src/server/modules/accounts/events.js';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import { notices, outgoingMessages } from '../../src/server/platform/db/schema/index.js';
import { createLogSmsSender } from '../../src/server/platform/sms/log-sms-sender.js';
import { createTencentSmsSender } from '../../src/server/platform/sms/tencent-sms-sender.js';
import { createUser } from '../support/factories.js';
import {
  FAKE_HOST,
  startTencentSmsFake,
  tc3CanonicalRequest,
  tc3Signature,
  type TencentSmsFake,
} from '../support/tencent-sms-fake.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// SMS go out as the template the service approved plus its variables. The Tencent Cloud
// adapter (the official SDK) is checked against a loopback fake that verifies the TC3-HMAC-SHA256
// signature as the service does — and the fake's verifier is itself checked against the
// signature example Tencent Cloud publishes. An SMS outage delays a notice; it is sent once when
// the service is back. The log driver never writes a verification code or a whole number to
// the process log.

describe('the TC3-HMAC-SHA256 verifier of the fake', () => {
  it("reproduces Tencent Cloud's published signature example", () => {
    // The documentation's example: CVM DescribeInstances, 2019-02-25, its sample key.
    const payload =
      '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    expect(createHash('sha256').update(payload).digest('hex')).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    const canonical = tc3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        host: 'cvm.tencentcloudapi.com',
      },
      signedHeaders: ['content-type', 'host'],
      body: payload,
    });
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(tc3Signature('Gu5t9xGARNpq86cd98joQYCN3*******', 1551113065, 'cvm', canonical)).toBe(
      '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });
});

const SECRET_ID = 'AKIDbtpTestSecretId0001';
const SECRET_KEY = 'btp-test-secret-key-0001';
const SDK_APP_ID = '1400000001';
const kinds = Object.keys(SMS_TEMPLATES) as SmsKind[];
const TEMPLATE_IDS = Object.fromEntries(kinds.map((k, i) => [k, String(2_100_000 + i)]));
const config = {
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  sdkAppId: SDK_APP_ID,
  region: 'ap-guangzhou',
  endpoint: FAKE_HOST,
  signName: 'B特派',
  templateIds: TEMPLATE_IDS,
};

let fake: TencentSmsFake;
let stack: TestStack;
const clock = new ManualClock();
beforeAll(async () => {
  fake = await startTencentSmsFake({
    secrets: { [SECRET_ID]: SECRET_KEY },
    sdkAppId: SDK_APP_ID,
    templates: Object.fromEntries(
      kinds.map((k) => [TEMPLATE_IDS[k], SMS_TEMPLATES[k].vars.length]),
    ),
  });
  stack = await startTestStack({
    clock,
    sms: createTencentSmsSender(config, { agent: fake.agent(), timeoutSeconds: 5 }),
  });
});
afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

describe('SMS through Tencent Cloud', () => {
  it('sends a signed SendSms the service accepts; a wrong key or a missing template is refused', async () => {
    const sender = createTencentSmsSender(config, { agent: fake.agent() });
    await sender.send({
      to: '13800000001',
      content: smsContent('order_paid', { orderNo: '202607010100000001', amountFen: 12_345 }),
    });
    expect(fake.sent.at(-1)).toEqual({
      phone: '+8613800000001',
      templateId: TEMPLATE_IDS['order_paid'],
      params: ['202607010100000001', '123.45'],
      signName: 'B特派',
    });

    const forged = createTencentSmsSender(
      { ...config, secretKey: 'not-the-key' },
      { agent: fake.agent() },
    );
    await expect(
      forged.send({ to: '13800000001', content: smsContent('password_changed', {}) }),
    ).rejects.toThrow(/SignatureFailure/);
    expect(fake.refusals.at(-1)).toBe('AuthFailure.SignatureFailure');

    const unmapped = createTencentSmsSender(
      { ...config, templateIds: {} },
      { agent: fake.agent() },
    );
    await expect(
      unmapped.send({ to: '13800000001', content: smsContent('password_changed', {}) }),
    ).rejects.toThrow(/no template id for password_changed/);
  });

  it('keeps a notice while the SMS service is down and sends it once when it is back', async () => {
    const user = await createUser(stack.db);
    const smsNotice = () =>
      stack.db
        .select()
        .from(notices)
        .where(and(eq(notices.userId, user.id), eq(notices.channel, 'sms')));
    fake.setDown(true);
    await withTx(stack.db, (tx) =>
      stack.runtime.deps.outbox.emit(tx, PASSWORD_CHANGED_TOPIC, { userId: user.id }),
    );
    await stack.settle();
    const [waiting] = await smsNotice();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting?.lastError).toMatch(/InternalError/);

    // Still down at the next try; then back.
    clock.advance(10 * 60_000);
    await stack.settle();
    expect((await smsNotice())[0]).toMatchObject({ status: 'pending', attempts: 2 });
    fake.setDown(false);
    clock.advance(10 * 60_000);
    await stack.settle();
    clock.advance(60 * 60_000);
    await stack.settle();

    expect((await smsNotice())[0]).toMatchObject({ status: 'sent', lastError: null });
    const mine = fake.sent.filter((m) => m.phone === `+86${user.mobile}`);
    expect(mine).toEqual([
      {
        phone: `+86${user.mobile}`,
        templateId: TEMPLATE_IDS['password_changed'],
        params: [],
        signName: 'B特派',
      },
    ]);
  });
});

describe('the SMS log driver', () => {
  it('keeps the text for the staff mailbox but logs neither the code nor the whole number', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const sender = createLogSmsSender(stack.db, log, 'B特派');
    await sender.send({
      to: '13812340001',
      content: smsContent('verification_code', { code: '493817', validMinutes: 10 }),
    });
    const text = lines.join('');
    expect(text).toContain('138****0001');
    expect(text).toContain('verification_code');
    expect(text).not.toContain('13812340001');
    expect(text).not.toContain('493817');
    const [kept] = await stack.db
      .select()
      .from(outgoingMessages)
      .where(eq(outgoingMessages.recipient, '13812340001'));
    expect(kept?.body).toBe(
      '【B特派】您的验证码是493817，10分钟内有效。请勿告诉任何人，包括客服人员。',
    );
  });
});
