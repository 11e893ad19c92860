import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderNo } from '../../../contracts/common.js';
import { supportHistoryView, type SupportHistoryView } from '../../../contracts/support.js';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { findOrder, type OrderScope } from '../orders/lock.js';
import { loadSupportHistory, type SupportHistory } from './order-history.js';

const params = z.object({ orderNo });
const tags = ['support'];

function toView(h: SupportHistory): SupportHistoryView {
  return {
    chats: h.chats.map((c) => ({
      ...c,
      messages: c.messages.map((m) => ({
        ...m,
        attachments: m.attachments.map((a) => ({
          id: a.id,
          fileName: a.fileName,
          url: `/api/v1/support/chats/${c.id}/attachments/${a.id}`,
        })),
      })),
    })),
    boardMessages: h.boardMessages,
  };
}

function scopeOf(actor: Actor): OrderScope {
  if (actor.role === 'shopper') return { shopperId: actor.userId };
  if (actor.role === 'merchant') {
    if (actor.shopId === null) throw new DomainError('FORBIDDEN');
    return { shopId: actor.shopId };
  }
  return { any: true };
}

/** 客服记录 on the shopper's and the staff's order pages. */
export function historyRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const handler = async (actor: Actor, no: string) => {
    const order = await findOrder(db, no, scopeOf(actor));
    return toView(await loadSupportHistory(db, order.id));
  };
  return async (app) => {
    app.get(
      '/orders/:orderNo/support-history',
      {
        onRequest: requireRole('shopper'),
        schema: { tags, params, response: { 200: supportHistoryView } },
      },
      async (req) => handler(actorOf(req), req.params.orderNo),
    );
    app.get(
      '/ops/orders/:orderNo/support-history',
      {
        onRequest: requireRole('merchant', 'agent', 'operator'),
        schema: { tags, params, response: { 200: supportHistoryView } },
      },
      async (req) => handler(actorOf(req), req.params.orderNo),
    );
  };
}
