import type { FastifyRequest } from 'fastify';

export type Locale = 'zh-CN' | 'en';

/** zh-CN unless the request prefers English (Accept-Language, or the lang cookie set by the UI). */
export function requestLocale(req: FastifyRequest): Locale {
  const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.['btp_lang'];
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
