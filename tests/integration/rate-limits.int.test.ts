import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// The stack trusts no proxy (TRUST_PROXY unset), as production does by default: every request
// here comes from one peer that makes up a new X-Forwarded-For each time.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

let forged = 0;
const forgedAddress = () => ({ 'x-forwarded-for': `203.0.113.${(forged++ % 250) + 1}` });

describe('password guessing from an untrusted peer with a rotating X-Forwarded-For', () => {
  it('refuses the 11th attempt on one account within the minute, right password or not', async () => {
    const victim = await createUser(stack.db);
    const attacker = stack.client();
    for (let i = 0; i < 10; i++) {
      const r = await attacker.post(
        '/api/v1/auth/login',
        { account: i % 2 === 0 ? victim.email : victim.mobile, password: `Wrong${i}pw0` },
        forgedAddress(),
      );
      expect(r.status).toBe(401);
    }
    const eleventh = await attacker.post(
      '/api/v1/auth/login',
      { account: victim.email, password: TEST_PASSWORD },
      forgedAddress(),
    );
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('RATE_LIMITED');
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attacker.get('/api/v1/session')).body.user).toBeNull();
  });

  it('still lets the owner in from a browser that signed in before', async () => {
    const owner = await createUser(stack.db);
    const phone = stack.client();
    expect(
      (await phone.post('/api/v1/auth/login', { account: owner.email, password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
    await phone.post('/api/v1/auth/logout');

    const attacker = stack.client();
    for (let i = 0; i < 11; i++) {
      await attacker.post(
        '/api/v1/auth/login',
        { account: owner.email, password: `Wrong${i}pw0` },
        forgedAddress(),
      );
    }
    const stranger = await stack
      .client()
      .post('/api/v1/auth/login', { account: owner.email, password: TEST_PASSWORD });
    expect(stranger.status).toBe(429);

    const back = await phone.post('/api/v1/auth/login', {
      account: owner.email,
      password: TEST_PASSWORD,
    });
    expect(back.status).toBe(200);
    expect(back.body.user.id).toBe(owner.id);
  });

  it('counts every account tried from one address against that address', async () => {
    // A stack of its own with a small per-address limit (the shared one allows many sign-ins).
    const small = await startTestStack({ env: { LOGIN_LIMIT_PER_ADDRESS: '5' } });
    try {
      const users = await Promise.all(Array.from({ length: 6 }, () => createUser(small.db)));
      const client = small.client();
      const statuses: number[] = [];
      for (const [i, user] of users.entries()) {
        const r = await client.post(
          '/api/v1/auth/login',
          { account: user.email, password: `Spray${i}pw0` },
          forgedAddress(),
        );
        statuses.push(r.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await small.close();
    }
  });
});

describe('registration from an untrusted peer with a rotating X-Forwarded-For', () => {
  it('sends codes to at most 5 new accounts a minute from one address', async () => {
    const client = stack.client();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await client.post(
        '/api/v1/auth/register-codes',
        { email: `limit.${i}@example.test`, mobile: `1370000${String(1000 + i)}` },
        forgedAddress(),
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
