import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normaliseEmail, normaliseMobile } from '../../../domain/validation.js';
import type { Deps } from '../../deps.js';
import { users } from '../../platform/db/schema/index.js';
import { knownDeviceOf } from '../../platform/http/known-device.js';
import { allLimits, createLimit, type Limit } from '../../platform/http/limits.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function bodyField(req: FastifyRequest, field: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** An account as typed: an email address or a mobile number, normalised. */
function accountOf(req: FastifyRequest): string | undefined {
  const raw = bodyField(req, 'account');
  if (raw === undefined) return undefined;
  return raw.includes('@') ? normaliseEmail(raw) : normaliseMobile(raw);
}

export interface AccountLimits {
  login: Limit;
  registerCodes: Limit;
  register: Limit;
  resetCodes: Limit;
  reset: Limit;
}

/**
 * Who may try how often. The client address is the socket's unless TRUST_PROXY names the proxies
 * in front, so a made-up X-Forwarded-For changes nothing.
 * - Login: per address, and per account whatever the address (LOGIN_LIMIT_PER_ACCOUNT a minute,
 *   default 10, and three times that an hour: the hour is the backoff). A browser that signed in to the account before is counted per device
 *   instead, so a stranger guessing cannot lock the owner out of their own phone.
 * - Registration and codes: per address and per target (each email and mobile).
 */
export function accountLimits(app: FastifyInstance, deps: Deps): AccountLimits {
  const { db } = deps.database;
  const subjects = new WeakMap<FastifyRequest, Promise<{ userKey?: string; device?: string }>>();

  /** The account behind a login attempt (by user id, so email and mobile share one counter). */
  function loginSubject(req: FastifyRequest) {
    let subject = subjects.get(req);
    if (!subject) {
      subject = (async () => {
        const account = accountOf(req);
        if (account === undefined) return {};
        const [user] = await db
          .select({ id: users.id })
          .from(users)
          .where(account.includes('@') ? eq(users.email, account) : eq(users.mobile, account))
          .limit(1);
        if (!user) return { userKey: `account:${account}` };
        const device = knownDeviceOf(req, user.id, deps.config.appSecret);
        return device ? { device: `${user.id}:${device}` } : { userKey: `user:${user.id}` };
      })();
      subjects.set(req, subject);
    }
    return subject;
  }

  const perAddress = (name: string, max: number) =>
    createLimit(app, { name, max, windowMs: MINUTE, key: (req) => req.ip });
  const perField = (name: string, field: string, max: number) =>
    createLimit(app, {
      name,
      max,
      windowMs: HOUR,
      key: (req) => bodyField(req, field)?.trim().toLowerCase(),
    });

  return {
    login: allLimits(
      perAddress('login-address', deps.config.loginLimitPerAddress),
      createLimit(app, {
        name: 'login-account-minute',
        max: deps.config.loginLimitPerAccount,
        windowMs: MINUTE,
        key: async (req) => (await loginSubject(req)).userKey,
      }),
      createLimit(app, {
        name: 'login-account-hour',
        max: 3 * deps.config.loginLimitPerAccount,
        windowMs: HOUR,
        key: async (req) => (await loginSubject(req)).userKey,
      }),
      createLimit(app, {
        name: 'login-device',
        max: deps.config.loginLimitPerAccount,
        windowMs: MINUTE,
        key: async (req) => (await loginSubject(req)).device,
      }),
    ),
    registerCodes: allLimits(
      perAddress('register-codes-address', 5),
      perField('register-codes-email', 'email', 5),
      perField('register-codes-mobile', 'mobile', 5),
    ),
    register: allLimits(
      perAddress('register-address', 5),
      perField('register-email', 'email', 10),
      perField('register-mobile', 'mobile', 10),
    ),
    resetCodes: allLimits(
      perAddress('reset-codes-address', 5),
      perField('reset-codes-account', 'account', 5),
    ),
    reset: allLimits(perAddress('reset-address', 5), perField('reset-account', 'account', 10)),
  };
}
