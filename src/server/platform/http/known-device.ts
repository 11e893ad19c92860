import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const KNOWN_DEVICE_COOKIE = 'btp_device';
const YEAR_SECONDS = 365 * 86_400;

function mac(secret: string, deviceId: string, userId: number): string {
  return createHmac('sha256', secret).update(`device:${deviceId}.${userId}`).digest('base64url');
}

/**
 * A browser where this user has signed in before. Login attempts from it are limited per device,
 * not per account, so someone guessing the password elsewhere cannot lock the owner out of their
 * own phone. Signed with APP_SECRET; it proves nothing beyond "this browser signed in as this user".
 */
export function rememberDevice(
  reply: FastifyReply,
  userId: number,
  opts: { secret: string; secure: boolean },
): void {
  const deviceId = randomBytes(12).toString('base64url');
  reply.setCookie(
    KNOWN_DEVICE_COOKIE,
    `${deviceId}.${userId}.${mac(opts.secret, deviceId, userId)}`,
    {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secure,
      path: '/api/v1/auth',
      maxAge: YEAR_SECONDS,
    },
  );
}

/** The device id when the request carries a valid known-device cookie for this user. */
export function knownDeviceOf(
  req: FastifyRequest,
  userId: number,
  secret: string,
): string | undefined {
  const raw = req.cookies[KNOWN_DEVICE_COOKIE];
  const [deviceId, user, sig] = raw?.split('.') ?? [];
  if (!deviceId || !sig || user !== String(userId)) return undefined;
  const want = Buffer.from(mac(secret, deviceId, userId));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? deviceId : undefined;
}
