import { and, eq } from 'drizzle-orm';
import { renderNotice, type NoticeTemplate } from '../../../domain/notice-templates.js';
import { smsContent } from '../../../domain/sms-templates.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { orders, users } from '../../platform/db/schema/index.js';
import { writeNotices } from './compose.js';
import { shopNoticePreferencesOf } from './shop-preferences.js';

type Channel = 'in_app' | 'email' | 'sms';

export interface MerchantNoticeInput {
  sourceEvent: string;
  template: Extract<NoticeTemplate, `merchant_${string}`>;
  orderId: number;
  /** The channels this kind of notice may use; the shop's preferences narrow them. */
  channels: readonly Channel[];
  deadline?: string;
  /** Where the link points, relative to the site; default the merchant's order page. */
  path?: string;
}

/**
 * Writes one notice per channel for every merchant user of the order's shop, in each user's
 * language, as the shop's preferences allow, and queues the email and SMS deliveries, in one
 * transaction. Running again for the same event writes nothing new (one row per event,
 * template, channel and user).
 */
export async function composeMerchantNotices(
  deps: Deps,
  input: MerchantNoticeInput,
): Promise<void> {
  await withTx(deps.database.db, async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, orderNo: orders.orderNo, shopId: orders.shopId })
      .from(orders)
      .where(eq(orders.id, input.orderId));
    if (!order) return;
    const prefs = await shopNoticePreferencesOf(tx, order.shopId);
    const staff = await tx
      .select()
      .from(users)
      .where(and(eq(users.role, 'merchant'), eq(users.shopId, order.shopId)))
      .orderBy(users.id);
    const wants = (c: Channel) =>
      input.channels.includes(c) &&
      (c === 'in_app' ? prefs.inApp : c === 'email' ? prefs.email : prefs.sms);
    const link = `${deps.config.publicUrl}${input.path ?? `/staff/orders/${order.orderNo}`}`;
    const facts = {
      orderNo: order.orderNo,
      ...(input.deadline ? { deadline: input.deadline } : {}),
    };
    for (const user of staff) {
      await writeNotices(tx, deps, {
        base: {
          userId: user.id,
          sourceEvent: input.sourceEvent,
          template: input.template,
          locale: user.locale,
          link,
          orderId: order.id,
        },
        rendered: renderNotice(input.template, user.locale, { ...facts, link }),
        smsContent: smsContent(input.template, facts),
        inApp: wants('in_app'),
        email: wants('email') ? user.email : null,
        sms: wants('sms') ? user.mobile : null,
      });
    }
  });
}
