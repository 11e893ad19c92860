import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/clock.js';
import type { Db } from '../db/client.js';
import { fixedQuery } from '../db/fixed-query.js';
import { sessions, users } from '../db/schema/index.js';
import { DomainError } from '../../../domain/errors.js';

export type Role = 'shopper' | 'merchant' | 'agent' | 'operator';
export const STAFF_ROLES: readonly Role[] = ['merchant', 'agent', 'operator'];

/** Who is making the request, loaded from the server-side session. */
export interface Actor {
  userId: number;
  role: Role;
  shopId: number | null;
  displayName: string;
  locale: 'zh-CN' | 'en';
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = 'btp_sid';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a server-side session and sets its HttpOnly cookie. */
export async function startSession(
  db: Db,
  reply: FastifyReply,
  userId: number,
  opts: { clock: Clock; days: number; secure: boolean },
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(opts.clock.now().getTime() + opts.days * 86_400_000);
  await db.insert(sessions).values({ idHash: hashToken(token), userId, expiresAt });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/',
    expires: expiresAt,
  });
}

export async function endSession(db: Db, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await db.delete(sessions).where(eq(sessions.idHash, hashToken(token)));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The live session behind a token hash: run on every signed-in request, so built once. */
const sessionActor = fixedQuery((db) =>
  db
    .select({
      userId: users.id,
      role: users.role,
      shopId: users.shopId,
      displayName: users.displayName,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .limit(1),
);

/** Loads req.actor for every request that carries a session cookie. */
export function installSessions(app: FastifyInstance, db: Db, clock: Clock): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const [row] = await sessionActor(db, {
      idHash: hashToken(token),
      now: clock.now().toISOString(),
    });
    req.actor = row ?? null;
  });
}

/** preHandler: the request must come from a signed-in user with one of these roles. */
export function requireRole(...roles: Role[]) {
  return async (req: FastifyRequest): Promise<void> => {
    await Promise.resolve();
    if (!req.actor) throw new DomainError('UNAUTHENTICATED');
    if (roles.length > 0 && !roles.includes(req.actor.role)) throw new DomainError('FORBIDDEN');
  };
}

/** The signed-in actor, for handlers behind requireRole. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED');
  return req.actor;
}
