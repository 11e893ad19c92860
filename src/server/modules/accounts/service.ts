import { hash, verify } from '@node-rs/argon2';
import { eq, or } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import {
  isMainlandMobile,
  normaliseEmail,
  normaliseMobile,
  passwordProblems,
} from '../../../domain/validation.js';
import type { UserView } from '../../../contracts/accounts.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { sessions, users } from '../../platform/db/schema/index.js';
import {
  CODE_TTL_SECONDS,
  checkCode,
  consumeCodes,
  issueCode,
  newCode,
  type CodeChannel,
} from './codes.js';
import { CODE_TOPIC, PASSWORD_CHANGED_TOPIC, type CodeMessage } from './events.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Verifying against a real hash when the account does not exist keeps login timing uniform.
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hash('no-such-account-0');
  return dummyHash;
}

type UserRow = typeof users.$inferSelect;

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    displayName: u.displayName,
    email: u.email,
    mobile: u.mobile,
    role: u.role,
    shopId: u.shopId,
    locale: u.locale,
    emailVerified: u.emailVerifiedAt !== null,
    mobileVerified: u.mobileVerifiedAt !== null,
  };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function checkEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (!EMAIL_PATTERN.test(email)) throw new DomainError('INVALID_EMAIL');
  return email;
}

export function checkMobile(raw: string): string {
  const mobile = normaliseMobile(raw);
  if (!isMainlandMobile(mobile)) throw new DomainError('INVALID_MOBILE');
  return mobile;
}

export function checkPassword(pw: string): void {
  const problems = passwordProblems(pw);
  if (problems.length > 0) throw new DomainError('WEAK_PASSWORD', { problems });
}

/** An account is an email address or a mobile number, as typed into the login form. */
function accountKey(raw: string): { email: string } | { mobile: string } {
  return raw.includes('@') ? { email: normaliseEmail(raw) } : { mobile: normaliseMobile(raw) };
}

export function createAccountsService(deps: Deps) {
  const { db } = deps.database;
  const { clock, outbox } = deps;

  async function findByAccount(raw: string): Promise<UserRow | undefined> {
    const key = accountKey(raw);
    const [row] = await db
      .select()
      .from(users)
      .where('email' in key ? eq(users.email, key.email) : eq(users.mobile, key.mobile))
      .limit(1);
    return row;
  }

  async function ensureFree(email: string, mobile: string): Promise<void> {
    const taken = await db
      .select({ email: users.email, mobile: users.mobile })
      .from(users)
      .where(or(eq(users.email, email), eq(users.mobile, mobile)));
    if (taken.some((t) => t.email === email)) throw new DomainError('EMAIL_TAKEN');
    if (taken.some((t) => t.mobile === mobile)) throw new DomainError('MOBILE_TAKEN');
  }

  async function sendCodes(
    purpose: 'register' | 'reset_password',
    targets: { channel: CodeChannel; target: string }[],
    locale: 'zh-CN' | 'en',
  ): Promise<void> {
    const now = clock.now();
    await withTx(db, async (tx) => {
      for (const t of targets) {
        const code = newCode();
        await issueCode(tx, { purpose, channel: t.channel, target: t.target, code, now });
        const message: CodeMessage = { ...t, code, purpose, locale };
        await outbox.emit(tx, CODE_TOPIC, message);
      }
    });
  }

  return {
    async requestRegisterCodes(input: { email: string; mobile: string }, locale: 'zh-CN' | 'en') {
      const email = checkEmail(input.email);
      const mobile = checkMobile(input.mobile);
      await ensureFree(email, mobile);
      await sendCodes(
        'register',
        [
          { channel: 'email', target: email },
          { channel: 'sms', target: mobile },
        ],
        locale,
      );
      return { expiresInSeconds: CODE_TTL_SECONDS };
    },

    async register(
      input: {
        email: string;
        mobile: string;
        password: string;
        displayName: string;
        emailCode: string;
        smsCode: string;
      },
      locale: 'zh-CN' | 'en',
    ): Promise<UserRow> {
      const email = checkEmail(input.email);
      const mobile = checkMobile(input.mobile);
      checkPassword(input.password);
      await ensureFree(email, mobile);
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      // Wrong codes must still count against their attempts, so that transaction commits.
      const result = await withTx(db, async (tx) => {
        const emailCode = await checkCode(tx, {
          purpose: 'register',
          target: email,
          code: input.emailCode,
          now,
        });
        const smsCode = await checkCode(tx, {
          purpose: 'register',
          target: mobile,
          code: input.smsCode,
          now,
        });
        if (emailCode === null || smsCode === null) return { ok: false as const };
        await consumeCodes(tx, [emailCode, smsCode], now);
        const [user] = await tx
          .insert(users)
          .values({
            email,
            mobile,
            passwordHash,
            displayName: input.displayName,
            role: 'shopper',
            locale,
            emailVerifiedAt: now,
            mobileVerifiedAt: now,
          })
          .onConflictDoNothing()
          .returning();
        return user ? { ok: true as const, user } : { ok: false as const, taken: true };
      });
      if (!result.ok) {
        if ('taken' in result) throw new DomainError('EMAIL_TAKEN');
        throw new DomainError('CODE_INVALID');
      }
      return result.user;
    },

    async login(account: string, password: string): Promise<UserRow> {
      const user = await findByAccount(account);
      const ok = await verify(user?.passwordHash ?? (await dummy()), password).catch(() => false);
      if (!user || !ok) throw new DomainError('INVALID_CREDENTIALS');
      return user;
    },

    async requestPasswordReset(account: string, locale: 'zh-CN' | 'en'): Promise<void> {
      const user = await findByAccount(account);
      // Same answer whether or not the account exists: no account enumeration.
      if (!user) return;
      const viaEmail = account.includes('@');
      await sendCodes(
        'reset_password',
        [{ channel: viaEmail ? 'email' : 'sms', target: viaEmail ? user.email : user.mobile }],
        user.locale ?? locale,
      );
    },

    async resetPassword(account: string, code: string, newPassword: string): Promise<void> {
      checkPassword(newPassword);
      const user = await findByAccount(account);
      if (!user) throw new DomainError('CODE_INVALID');
      const target = account.includes('@') ? user.email : user.mobile;
      const passwordHash = await hashPassword(newPassword);
      const now = clock.now();
      const ok = await withTx(db, async (tx) => {
        const id = await checkCode(tx, { purpose: 'reset_password', target, code, now });
        if (id === null) return false;
        await consumeCodes(tx, [id], now);
        await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
        // A reset signs out every device: whoever knew the old password is out.
        await tx.delete(sessions).where(eq(sessions.userId, user.id));
        await outbox.emit(tx, PASSWORD_CHANGED_TOPIC, { userId: user.id });
        return true;
      });
      if (!ok) throw new DomainError('CODE_INVALID');
    },

    async getUser(id: number): Promise<UserRow> {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      if (!row) throw new DomainError('UNAUTHENTICATED');
      return row;
    },

    async updateMe(
      id: number,
      patch: { displayName?: string | undefined; locale?: 'zh-CN' | 'en' | undefined },
    ) {
      const values = {
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      };
      if (Object.keys(values).length > 0)
        await db.update(users).set(values).where(eq(users.id, id));
      return this.getUser(id);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
