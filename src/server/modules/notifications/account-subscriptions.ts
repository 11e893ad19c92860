import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { users } from '../../platform/db/schema/index.js';
import { CODE_TOPIC, PASSWORD_CHANGED_TOPIC } from '../accounts/events.js';
import { CODE_TTL_SECONDS } from '../accounts/codes.js';
import { composeAccountNotice } from './compose.js';

/** Notices about the account itself: verification codes, password changes, standing. */
export function registerAccountNoticeSubscriptions(deps: Deps): void {
  const { db } = deps.database;

  deps.outbox.subscribe(CODE_TOPIC, `notices.${CODE_TOPIC}`, async (e) => {
    const m = e.payload;
    // A reset code belongs to an account; a registration code comes before the account exists.
    const [owner] =
      m.purpose === 'register'
        ? []
        : await db
            .select({ id: users.id })
            .from(users)
            .where(m.channel === 'email' ? eq(users.email, m.target) : eq(users.mobile, m.target));
    await composeAccountNotice(deps, {
      sourceEvent: e.eventId,
      template: 'verification_code',
      userId: owner?.id ?? null,
      only: { channel: m.channel, recipient: m.target, locale: m.locale },
      facts: { code: m.code, purpose: m.purpose, validMinutes: CODE_TTL_SECONDS / 60 },
      path: m.purpose === 'register' ? '/register' : '/forgot-password',
    });
  });

  deps.outbox.subscribe(PASSWORD_CHANGED_TOPIC, `notices.${PASSWORD_CHANGED_TOPIC}`, async (e) => {
    const m = e.payload;
    await composeAccountNotice(deps, {
      sourceEvent: e.eventId,
      template: 'password_changed',
      userId: m.userId,
      path: '/login',
    });
  });

  deps.outbox.subscribe(
    'account.standing_changed',
    'notices.account.standing_changed',
    async (e) => {
      const m = e.payload;
      await composeAccountNotice(deps, {
        sourceEvent: e.eventId,
        template: m.level === 'review' ? 'standing_review' : 'standing_warning',
        userId: m.shopperId,
        facts: { count: m.count, windowDays: m.windowDays },
      });
    },
  );
}
