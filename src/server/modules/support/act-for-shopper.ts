import { eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { orders, supportChats } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { Actor } from '../../platform/http/session.js';
import { requestAfterSales } from '../after-sales/service.js';
import { runCancellation } from '../cancellation/cancel.js';
import type { ActionContext } from '../orders/fulfilment.js';
import type { Tx } from '../../platform/db/client.js';
import { appendMessage } from './chats.js';

/**
 * Customer service acting for the shopper of a chat's order, through the same services (and
 * rules) the shopper's own buttons use; the agent is the actor of every row written, and the
 * chat gets a line saying what was done.
 */
async function actOnChatOrder<T>(
  deps: Deps,
  actor: Actor,
  chatId: number,
  requestId: string,
  act: (ctx: ActionContext, orderNo: string) => Promise<{ result: string; note: string } & T>,
): Promise<{ result: string; orderStatus: string }> {
  const now = deps.clock.now();
  return withTx(deps.database.db, async (tx: Tx) => {
    const [peek] = await tx.select().from(supportChats).where(eq(supportChats.id, chatId));
    if (!peek) throw new DomainError('CHAT_NOT_FOUND');
    if (peek.status === 'closed') throw new DomainError('CHAT_CLOSED');
    if (!peek.orderId) throw new DomainError('ORDER_NOT_FOUND');
    const [order] = await tx.select().from(orders).where(eq(orders.id, peek.orderId));
    if (!order) throw new DomainError('ORDER_NOT_FOUND');
    const ctx: ActionContext = {
      tx,
      outbox: deps.outbox,
      actor: { id: actor.userId, role: actor.role },
      now,
      requestId,
    };
    // The service locks the order first; the chat is locked after it, as everywhere.
    const outcome = await act(ctx, order.orderNo);
    const [chat] = await tx
      .select()
      .from(supportChats)
      .where(eq(supportChats.id, chatId))
      .for('update');
    if (!chat) throw new DomainError('CHAT_NOT_FOUND');
    await appendMessage(
      tx,
      chat,
      { senderId: null, senderRole: 'system', body: outcome.note },
      now,
    );
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: `support.${outcome.result}_for_shopper`,
      entityType: 'order',
      entityId: order.id,
      after: { chatId, result: outcome.result },
      requestId,
    });
    const [after] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.id, order.id));
    return { result: outcome.result, orderStatus: after?.status ?? order.status };
  });
}

/** 取消订单 for the shopper: instant when the rules allow, else a request to the merchant. */
export function cancelForShopper(
  deps: Deps,
  actor: Actor,
  chatId: number,
  input: { reasonCode: string; reasonText?: string | undefined },
  requestId: string,
) {
  return actOnChatOrder(deps, actor, chatId, requestId, async (ctx, orderNo) => {
    const out = await runCancellation(ctx, {
      target: { orderNo },
      scope: { any: true },
      command: {
        kind: 'cancel',
        selection: 'all',
        reasonCode: input.reasonCode,
        reasonText: input.reasonText,
      },
    });
    const note =
      out.outcome === 'requested'
        ? `客服 ${actor.displayName} 已为您提交取消申请，等待商家处理`
        : `客服 ${actor.displayName} 已为您取消订单`;
    return { result: out.outcome === 'requested' ? 'cancel_requested' : 'cancelled', note };
  });
}

/** 提交退款审核 for the shopper: an after-sales case (仅退款 / 退货退款) for the merchant's review. */
export function refundForShopper(
  deps: Deps,
  actor: Actor,
  chatId: number,
  input: {
    kind: 'refund_only' | 'return_refund';
    reasonCode: string;
    reasonText?: string | undefined;
  },
  requestId: string,
) {
  return actOnChatOrder(deps, actor, chatId, requestId, async (ctx, orderNo) => {
    await requestAfterSales(ctx, orderNo, { any: true }, { ...input, selection: 'all' });
    return {
      result: 'refund_requested',
      note: `客服 ${actor.displayName} 已为您提交退款申请，等待审核`,
    };
  });
}
