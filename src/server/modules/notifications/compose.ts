import { eq } from 'drizzle-orm';
import {
  renderNotice,
  type NoticeFacts,
  type NoticeTemplate,
} from '../../../domain/notice-templates.js';
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
    const rendered = renderNotice(input.template, user.locale, {
      ...input.facts,
      orderNo: order?.orderNo ?? '',
      link,
    });
    const now = deps.clock.now();
    const base = {
      userId: user.id,
      sourceEvent: input.sourceEvent,
      template: input.template,
      locale: user.locale,
      subject: rendered.subject,
      link,
      orderId: order?.id ?? null,
      createdAt: now,
    };
    const rows = [
      {
        ...base,
        channel: 'in_app' as const,
        recipient: null,
        body: rendered.short,
        status: 'sent' as const,
        sentAt: now,
      },
      ...((prefs?.email ?? true)
        ? [
            {
              ...base,
              channel: 'email' as const,
              recipient: user.email,
              body: rendered.text,
              html: rendered.html,
              status: 'pending' as const,
            },
          ]
        : []),
      ...((prefs?.sms ?? true)
        ? [
            {
              ...base,
              channel: 'sms' as const,
              recipient: user.mobile,
              body: rendered.short,
              status: 'pending' as const,
            },
          ]
        : []),
    ];
    const inserted = await tx
      .insert(notices)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: notices.id, channel: notices.channel });
    await queueDeliveries(tx, deps, inserted);
  });
}

export async function queueDeliveries(
  tx: Tx,
  deps: Deps,
  rows: { id: number; channel: string }[],
  suffix = '',
): Promise<void> {
  for (const n of rows) {
    if (n.channel === 'in_app') continue;
    await deps.outbox.emit(
      tx,
      DELIVER_TOPIC,
      { noticeId: n.id },
      { eventId: `notice-${n.id}${suffix}` },
    );
  }
}
