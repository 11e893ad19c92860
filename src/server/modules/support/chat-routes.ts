import fs from 'node:fs';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/errors.js';
import {
  actionResult,
  attachmentView,
  chatCancelRequest,
  chatList,
  chatRefundRequest,
  chatView as chatViewSchema,
  messageList,
  messagesQuery,
  openChatRequest,
  orderPanel,
  rateRequest,
} from '../../../contracts/support.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { cancelForShopper, refundForShopper } from './act-for-shopper.js';
import {
  addChatAttachment,
  attachmentPath,
  CHAT_ATTACHMENT_MAX_BYTES,
  findAttachment,
  type AttachmentRow,
} from './attachments.js';
import { serveChatSocket } from './chat-socket.js';
import {
  agentChats,
  chatView,
  closeChat,
  messagesAfter,
  openChat,
  rateChat,
  shopperChats,
  sideOf,
  takeChat,
  visibleChat,
  type ChatRow,
  type ChatSide,
} from './chats.js';
import { ChatHub } from './fanout.js';
import { loadOrderPanel } from './order-panel.js';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const chatParams = z.object({ id });
const tags = ['support'];

function sideFor(actor: Actor): ChatSide {
  const side = sideOf(actor);
  if (!side) throw new DomainError('FORBIDDEN');
  return side;
}

function attachmentViewOf(a: AttachmentRow) {
  return {
    id: a.id,
    fileName: a.fileName,
    mime: a.mime,
    sizeBytes: a.sizeBytes,
    url: `/api/v1/support/chats/${a.chatId}/attachments/${a.id}`,
  };
}

/**
 * Cross-site WebSocket hijacking: a page elsewhere can open a socket that carries our cookie.
 * Browsers always send Origin on a WebSocket; only our own site's is accepted.
 */
function sameOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin === new URL(publicUrl).origin;
}

/** 在线客服: shoppers open chats, agents take and answer them; messages over a WebSocket. */
export function chatRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    const hub = new ChatHub(deps.database);
    const sockets = new WeakMap<FastifyRequest, { chat: ChatRow; side: ChatSide }>();
    await hub.start();
    app.addHook('onClose', async () => {
      for (const client of app.websocketServer.clients) client.terminate();
      await hub.stop();
    });
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    await app.register(multipart, {
      limits: { fileSize: CHAT_ATTACHMENT_MAX_BYTES, files: 1, fields: 2, parts: 3 },
    });
    app.addHook('onRequest', requireRole('shopper', 'agent', 'operator'));

    app.post(
      '/support/chats',
      {
        onRequest: requireRole('shopper'),
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { tags, body: openChatRequest, response: { 201: chatViewSchema } },
      },
      async (req, reply) => {
        const chat = await openChat(db, actorOf(req), req.body.orderNo, deps.clock.now());
        return reply.status(201).send(await chatView(db, chat));
      },
    );

    app.get(
      '/support/chats',
      {
        onRequest: requireRole('shopper'),
        schema: { tags, response: { 200: chatList } },
      },
      async (req) => ({ items: await shopperChats(db, actorOf(req).userId) }),
    );

    app.get(
      '/ops/support/chats',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: {
          tags,
          querystring: z.object({ state: z.enum(['queued', 'mine', 'closed']).default('queued') }),
          response: { 200: chatList },
        },
      },
      async (req) => ({
        items: await agentChats(db, actorOf(req).userId, req.query.state),
      }),
    );

    app.get(
      '/support/chats/:id',
      { schema: { tags, params: chatParams, response: { 200: chatViewSchema } } },
      async (req) => chatView(db, await visibleChat(db, actorOf(req), req.params.id)),
    );

    app.get(
      '/support/chats/:id/messages',
      {
        schema: {
          tags,
          params: chatParams,
          querystring: messagesQuery,
          response: { 200: messageList },
        },
      },
      async (req) => {
        const chat = await visibleChat(db, actorOf(req), req.params.id);
        return { items: await messagesAfter(db, chat.id, req.query.after) };
      },
    );

    app.post(
      '/support/chats/:id/take',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: { tags, params: chatParams, response: { 200: chatViewSchema } },
      },
      async (req) =>
        chatView(db, await takeChat(db, actorOf(req), req.params.id, deps.clock.now())),
    );

    app.post(
      '/support/chats/:id/close',
      { schema: { tags, params: chatParams, response: { 200: chatViewSchema } } },
      async (req) => {
        const actor = actorOf(req);
        const chat = await visibleChat(db, actor, req.params.id);
        return chatView(db, await closeChat(db, actor, chat.id, sideFor(actor), deps.clock.now()));
      },
    );

    app.post(
      '/support/chats/:id/rating',
      {
        onRequest: requireRole('shopper'),
        schema: { tags, params: chatParams, body: rateRequest, response: { 200: chatViewSchema } },
      },
      async (req) =>
        chatView(
          db,
          await rateChat(db, actorOf(req), req.params.id, req.body.rating, req.body.comment),
        ),
    );

    app.post(
      '/support/chats/:id/attachments',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { tags, params: chatParams, response: { 201: attachmentView } },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const chat = await visibleChat(db, actor, req.params.id);
        if (chat.status === 'closed') throw new DomainError('CHAT_CLOSED');
        if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', { field: 'file' });
        const file = await req.file();
        if (!file) throw new DomainError('VALIDATION_FAILED', { field: 'file' });
        const data = await file.toBuffer().catch(async (err: unknown) => {
          if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
          // Read the rest before answering, so the browser sees the 413 (bounded wait).
          await new Promise<void>((resolve) => {
            const done = () => resolve();
            req.raw.once('end', done).once('close', done).resume();
            setTimeout(done, 5_000).unref();
          });
          throw new DomainError('EVIDENCE_TOO_LARGE');
        });
        const row = await addChatAttachment(deps, {
          chatId: chat.id,
          uploadedBy: actor.userId,
          fileName: file.filename,
          data,
        });
        return reply.status(201).send(attachmentViewOf(row));
      },
    );

    app.get(
      '/support/chats/:id/attachments/:attachmentId',
      { schema: { tags, params: chatParams.extend({ attachmentId: id }) } },
      async (req, reply) => {
        const chat = await visibleChat(db, actorOf(req), req.params.id);
        const row = await findAttachment(deps, chat.id, req.params.attachmentId);
        // The type we detected, never rendered as a page of ours; <img> still shows it.
        return reply
          .header('content-type', row.mime)
          .header(
            'content-disposition',
            `inline; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(fs.createReadStream(attachmentPath(deps, row)));
      },
    );

    app.get(
      '/support/chats/:id/order',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: { tags, params: chatParams, response: { 200: orderPanel } },
      },
      async (req) => {
        const chat = await visibleChat(db, actorOf(req), req.params.id);
        if (!chat.orderId) throw new DomainError('ORDER_NOT_FOUND');
        return loadOrderPanel(db, chat.orderId, deps.clock.now());
      },
    );

    app.post(
      '/support/chats/:id/actions/cancel',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: {
          tags,
          params: chatParams,
          body: chatCancelRequest,
          response: { 200: actionResult },
        },
      },
      async (req) => cancelForShopper(deps, actorOf(req), req.params.id, req.body, req.id),
    );

    app.post(
      '/support/chats/:id/actions/refund',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: {
          tags,
          params: chatParams,
          body: chatRefundRequest,
          response: { 200: actionResult },
        },
      },
      async (req) => refundForShopper(deps, actorOf(req), req.params.id, req.body, req.id),
    );

    app.get(
      '/support/chats/:id/ws',
      {
        websocket: true,
        schema: { tags, params: chatParams, querystring: messagesQuery, hide: true },
        preHandler: async (req) => {
          if (!sameOrigin(req, deps.config.publicUrl)) throw new DomainError('FORBIDDEN');
          const actor = actorOf(req);
          const chat = await visibleChat(db, actor, req.params.id);
          sockets.set(req, { chat, side: sideFor(actor) });
        },
      },
      (socket, req) => {
        // Synchronous from here: frames the client sends right after opening are not missed.
        const found = sockets.get(req);
        if (!found) return socket.close(4404, 'not found');
        const { after } = req.query;
        serveChatSocket(deps, hub, socket, { actor: actorOf(req), ...found, after });
      },
    );
  };
}
