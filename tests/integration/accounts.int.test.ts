import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outgoingMessages, sessions } from '../../src/server/platform/db/schema/index.js';
import { createUser, TEST_PASSWORD } from '../support/factories.js';
import { latestCode as latestCodeOf } from '../support/mailbox.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const latestCode = (recipient: string) => latestCodeOf(stack.db, recipient);

function setCookies(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.filter((c): c is string => typeof c === 'string');
  return typeof raw === 'string' ? [raw] : [];
}

describe('logging in', () => {
  it('accepts the email address or the mobile number, as people type them', async () => {
    const user = await createUser(stack.db);
    const byEmail = await stack
      .client()
      .post('/api/v1/auth/login', { account: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.user).toMatchObject({ id: user.id, email: user.email });

    const client = stack.client();
    const spaced = `+86 ${user.mobile.slice(0, 3)} ${user.mobile.slice(3, 7)} ${user.mobile.slice(7)}`;
    const byMobile = await client.post('/api/v1/auth/login', {
      account: spaced,
      password: TEST_PASSWORD,
    });
    expect(byMobile.status).toBe(200);
    expect(byMobile.body.user.id).toBe(user.id);
    expect((await client.get('/api/v1/session')).body.user.id).toBe(user.id);
  });

  it('keeps the session in an HttpOnly cookie that scripts cannot read', async () => {
    const user = await createUser(stack.db);
    const res = await stack
      .client()
      .post('/api/v1/auth/login', { account: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const sid = setCookies(res.headers).find((c) => c.startsWith('btp_sid='));
    expect(sid).toBeDefined();
    expect(sid).toMatch(/;\s*HttpOnly/i);
    expect(sid).toMatch(/;\s*SameSite=Lax/i);
    expect(sid).toMatch(/;\s*Path=\//i);
    // The session token itself is never in the body.
    expect(JSON.stringify(res.body)).not.toContain(sid!.split(';')[0]!.split('=')[1]!);
  });

  it('answers a wrong password and an unknown account the same way', async () => {
    const user = await createUser(stack.db);
    const client = stack.client();
    const wrong = await client.post('/api/v1/auth/login', {
      account: user.email,
      password: 'Wrong1234pw',
    });
    const unknown = await client.post('/api/v1/auth/login', {
      account: 'nobody-here@example.test',
      password: 'Wrong1234pw',
    });
    const unknownMobile = await client.post('/api/v1/auth/login', {
      account: '13800000000',
      password: TEST_PASSWORD,
    });
    for (const r of [wrong, unknown, unknownMobile]) {
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: '账号或密码错误',
      });
    }
    expect(setCookies(wrong.headers).some((c) => c.startsWith('btp_sid='))).toBe(false);
    expect((await client.get('/api/v1/session')).body.user).toBeNull();

    const en = await client.post(
      '/api/v1/auth/login',
      { account: user.email, password: 'Wrong1234pw' },
      { 'accept-language': 'en' },
    );
    expect(en.body.error.message).toBe('Incorrect account or password.');
  });

  it('slows down password guessing on one account without locking out other accounts', async () => {
    const victim = await createUser(stack.db);
    const bystander = await createUser(stack.db);
    const client = stack.client();
    for (let i = 0; i < 10; i++) {
      const r = await client.post('/api/v1/auth/login', {
        account: victim.email,
        password: `Guess${i}pw0`,
      });
      expect(r.status).toBe(401);
    }
    // The 11th attempt within the minute is refused, even with the right password.
    const eleventh = await client.post('/api/v1/auth/login', {
      account: victim.email,
      password: TEST_PASSWORD,
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('RATE_LIMITED');
    expect((await client.get('/api/v1/session')).body.user).toBeNull();

    // Someone else signing in from the same address is not affected.
    const other = await client.post('/api/v1/auth/login', {
      account: bystander.email,
      password: TEST_PASSWORD,
    });
    expect(other.status).toBe(200);
  });
});

describe('registration input', () => {
  it('names the problem: invalid mobile, invalid email, weak password, and cools codes down', async () => {
    const client = stack.client();
    const badMobile = await client.post('/api/v1/auth/register-codes', {
      email: 'reg.one@example.test',
      mobile: '12345678901',
    });
    expect(badMobile.status).toBe(400);
    expect(badMobile.body.error).toMatchObject({
      code: 'INVALID_MOBILE',
      message: '请输入正确的手机号',
    });

    const badEmail = await client.post(
      '/api/v1/auth/register-codes',
      { email: 'reg.one-at-example.test', mobile: '13600001234' },
      { 'accept-language': 'en' },
    );
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toMatchObject({
      code: 'INVALID_EMAIL',
      message: 'Please enter a valid email address.',
    });

    for (const password of ['short1', 'lettersonly', '1234567890']) {
      const weak = await client.post('/api/v1/auth/register', {
        email: 'reg.two@example.test',
        mobile: '13600001235',
        password,
        displayName: '小王',
        emailCode: '123456',
        smsCode: '123456',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    }

    // Codes go out once, then the same number and address must wait 60 seconds.
    const target = { email: 'reg.three@example.test', mobile: '13600001236' };
    const first = await client.post('/api/v1/auth/register-codes', target);
    expect(first.status).toBe(202);
    const second = await client.post('/api/v1/auth/register-codes', target);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('RATE_LIMITED');
    expect(second.body.error.details).toMatchObject({ retryAfterSeconds: 60 });
    await stack.settle();
    const sent = await stack.db
      .select()
      .from(outgoingMessages)
      .where(eq(outgoingMessages.recipient, target.email));
    expect(sent).toHaveLength(1);
  });

  it('refuses an email or mobile that is already registered', async () => {
    const user = await createUser(stack.db);
    const res = await stack.client().post('/api/v1/auth/register', {
      email: user.email,
      mobile: '13600009999',
      password: 'Secret123',
      displayName: '重复',
      emailCode: '123456',
      smsCode: '123456',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
  });
});

describe('resetting a password by email code', () => {
  it('signs out every other device and only the new password works afterwards', async () => {
    const user = await createUser(stack.db);
    const phone = stack.client();
    const laptop = stack.client();
    for (const c of [phone, laptop]) {
      expect(
        (await c.post('/api/v1/auth/login', { account: user.email, password: TEST_PASSWORD }))
          .status,
      ).toBe(200);
    }
    expect((await phone.get('/api/v1/session')).body.user.id).toBe(user.id);

    const forgot = stack.client();
    const asked = await forgot.post('/api/v1/auth/password-reset-codes', { account: user.email });
    expect(asked.status).toBe(202);
    // Unknown accounts get the same answer: nothing to enumerate.
    const unknown = await forgot.post('/api/v1/auth/password-reset-codes', {
      account: 'ghost@example.test',
    });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(asked.body);
    await stack.settle();
    const code = await latestCode(user.email);

    const weak = await forgot.post('/api/v1/auth/password-reset', {
      account: user.email,
      code,
      newPassword: 'weak',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');

    const wrongCode = await forgot.post('/api/v1/auth/password-reset', {
      account: user.email,
      code: code === '000000' ? '111111' : '000000',
      newPassword: 'BrandNew123',
    });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.error.code).toBe('CODE_INVALID');

    const reset = await forgot.post('/api/v1/auth/password-reset', {
      account: user.email,
      code,
      newPassword: 'BrandNew123',
    });
    expect(reset.status).toBe(204);

    expect((await phone.get('/api/v1/session')).body.user).toBeNull();
    expect((await laptop.get('/api/v1/session')).body.user).toBeNull();
    expect(await stack.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    // The code cannot be used twice.
    const again = await forgot.post('/api/v1/auth/password-reset', {
      account: user.email,
      code,
      newPassword: 'Another123',
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('CODE_INVALID');

    const old = await stack
      .client()
      .post('/api/v1/auth/login', { account: user.email, password: TEST_PASSWORD });
    expect(old.status).toBe(401);
    const fresh = await stack
      .client()
      .post('/api/v1/auth/login', { account: user.mobile, password: 'BrandNew123' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.user.id).toBe(user.id);
  });
});
