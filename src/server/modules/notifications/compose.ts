import { eq } from 'drizzle-orm';
import {
  isSecurityNotice,
  renderAccountNotice,
  type AccountNoticeFacts,
  type AccountNoticeTemplate,
} from '../../../domain/account-notice-templates.js';
import {
  renderNotice,
  type NoticeFacts,
  type NoticeTemplate,
  type RenderedNotice,
} from '../../../domain/notice-templates.js';
import { smsContent, type SmsContent } from '../../../domain/sms-templates.js';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { noticePreferences, notices, orders, users } from '../../platform/db/schema/index.js';

export const DELIVER_TOPIC = 'notice.deliver';

export interface ComposeInput {
  sourceEvent: string;
  template: NoticeTemplate;
  /** The order the notice is about; its shopper gets it. */
  orderId?: number;
  /** Or, for a notice about no order, the shopper it goes to. */
  userId?: number;
  facts?: Omit<NoticeFacts, 'orderNo' | 'link'>;
  /** Where the link points, relative to the site; default the order page. */
  path?: string;
}

/**
 * Writes the notices of one event for the order's shopper — in-app always, email and SMS as the
 * shopper chose — in their language, and queues delivery of the email and SMS, in one
 * transaction. Running again for the same event writes nothing new.
 */
export async function composeNotices(deps: Deps, input: ComposeInput): Promise<void> {
  await withTx(deps.database.db, async (tx) => {
    const [row] =
      input.orderId !== undefined
        ? await tx
            .select({ order: orders, user: users, prefs: noticePreferences })
            .from(orders)
            .innerJoin(users, eq(users.id, orders.shopperId))
            .leftJoin(noticePreferences, eq(noticePreferences.userId, users.id))
            .where(eq(orders.id, input.orderId))
        : await tx
            .select({ user: users, prefs: noticePreferences })
            .from(users)
            .leftJoin(noticePreferences, eq(noticePreferences.userId, users.id))
            .where(eq(users.id, input.userId ?? 0))
            .then((rows) => rows.map((r) => ({ ...r, order: null })));
    if (!row) return;
    const { order, user, prefs } = row;
    const link = `${deps.config.publicUrl}${input.path ?? `/orders/${order?.orderNo ?? ''}`}`;
    const facts = { ...input.facts, orderNo: order?.orderNo ?? '' };
    const rendered = renderNotice(input.template, user.locale, { ...facts, link });
    await writeNotices(tx, deps, {
      base: {
        userId: user.id,
        sourceEvent: input.sourceEvent,
        template: input.template,
        locale: user.locale,
        link,
        orderId: order?.id ?? null,
      },
      rendered,
      smsContent: smsContent(input.template, facts),
      inApp: true,
      email: (prefs?.email ?? true) ? user.email : null,
      sms: (prefs?.sms ?? true) ? user.mobile : null,
    });
  });
}

export interface AccountNoticeInput {
  sourceEvent: string;
  template: AccountNoticeTemplate;
  /** The account; null for a registration code, sent before the account exists. */
  userId: number | null;
  /** A code goes only to the address it was asked for, never to the in-app centre. */
  only?: { channel: 'email' | 'sms'; recipient: string; locale: 'zh-CN' | 'en' };
  facts?: Omit<AccountNoticeFacts, 'link'>;
  /** Where the link points, relative to the site; default the profile. */
  path?: string;
}

/**
 * Writes a notice about the account (code, password change, standing). Security notices ignore
 * the shopper's channel preferences. Running again for the same event writes nothing new.
 */
export async function composeAccountNotice(deps: Deps, input: AccountNoticeInput): Promise<void> {
  await withTx(deps.database.db, async (tx) => {
    const [row] =
      input.userId === null
        ? []
        : await tx
            .select({ user: users, prefs: noticePreferences })
            .from(users)
            .leftJoin(noticePreferences, eq(noticePreferences.userId, users.id))
            .where(eq(users.id, input.userId));
    if (input.userId !== null && !row) return;
    const locale = row?.user.locale ?? input.only?.locale ?? 'zh-CN';
    const link = `${deps.config.publicUrl}${input.path ?? '/me'}`;
    const rendered = renderAccountNotice(input.template, locale, { ...input.facts, link });
    const security = isSecurityNotice(input.template);
    const wants = (channel: 'email' | 'sms') => security || (row?.prefs?.[channel] ?? true);
    const { only } = input;
    await writeNotices(tx, deps, {
      base: {
        userId: row?.user.id ?? null,
        sourceEvent: input.sourceEvent,
        template: input.template,
        locale,
        link,
        orderId: null,
      },
      rendered,
      smsContent: smsContent(input.template, input.facts ?? {}),
      inApp: !only && row !== undefined,
      email: only
        ? only.channel === 'email'
          ? only.recipient
          : null
        : wants('email')
          ? (row?.user.email ?? null)
          : null,
      sms: only
        ? only.channel === 'sms'
          ? only.recipient
          : null
        : wants('sms')
          ? (row?.user.mobile ?? null)
          : null,
    });
  });
}

export interface NoticeWrite {
  base: {
    userId: number | null;
    sourceEvent: string;
    template: string;
    locale: 'zh-CN' | 'en';
    link: string;
    orderId: number | null;
  };
  rendered: RenderedNotice;
  /** The SMS's approved template and variables (SMS cannot be free text). */
  smsContent: SmsContent;
  inApp: boolean;
  /** Addresses to send to; null leaves that channel out. */
  email: string | null;
  sms: string | null;
}

/** One row per channel (in-app already delivered), then one delivery job per email and SMS. */
export async function writeNotices(tx: Tx, deps: Deps, w: NoticeWrite): Promise<void> {
  const now = deps.clock.now();
  const base = { ...w.base, subject: w.rendered.subject, createdAt: now };
  const rows = [
    ...(w.inApp
      ? [
          {
            ...base,
            channel: 'in_app' as const,
            recipient: null,
            body: w.rendered.short,
            status: 'sent' as const,
            sentAt: now,
          },
        ]
      : []),
    ...(w.email
      ? [
          {
            ...base,
            channel: 'email' as const,
            recipient: w.email,
            body: w.rendered.text,
            html: w.rendered.html,
            status: 'pending' as const,
          },
        ]
      : []),
    ...(w.sms
      ? [
          {
            ...base,
            channel: 'sms' as const,
            recipient: w.sms,
            body: w.rendered.short,
            status: 'pending' as const,
          },
        ]
      : []),
  ];
  if (rows.length === 0) return;
  const inserted = await tx
    .insert(notices)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: notices.id, channel: notices.channel });
  await queueDeliveries(tx, deps, inserted, '', w.smsContent);
}

export async function queueDeliveries(
  tx: Tx,
  deps: Deps,
  rows: { id: number; channel: string }[],
  suffix = '',
  sms?: SmsContent,
): Promise<void> {
  for (const n of rows) {
    if (n.channel === 'in_app') continue;
    await deps.outbox.emit(
      tx,
      DELIVER_TOPIC,
      { noticeId: n.id, ...(n.channel === 'sms' && sms ? { sms } : {}) },
      { eventId: `notice-${n.id}${suffix}` },
    );
  }
}
