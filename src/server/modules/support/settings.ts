import { eq, sql } from 'drizzle-orm';
import { DEFAULT_BOARD_REPLY_HOURS } from '../../../domain/support-board.js';
import { everyDay } from '../../../domain/support-hours.js';
import {
  supportSettings as settingsSchema,
  type SupportSettings,
} from '../../../contracts/support.js';
import type { Executor } from '../../platform/db/client.js';
import { settings } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

export const SUPPORT_KEY = 'support';

export const DEFAULT_SUPPORT_SETTINGS: SupportSettings = {
  hotline: '400-820-8820',
  hotlineHours: everyDay('09:00', '21:00'),
  email: 'service@btepai.test',
  social: [
    { name: '微信公众号', handle: 'B特派服务号', url: null },
    { name: '微博', handle: '@B特派客服', url: null },
  ],
  chatHours: everyDay('08:00', '22:00'),
  boardReplyHours: DEFAULT_BOARD_REPLY_HOURS,
  cannedReplies: [
    '您好，我是B特派客服，请问有什么可以帮您？',
    '请稍等，我为您查询一下订单。',
    '已为您处理，请刷新订单页查看最新状态。',
    '感谢您的耐心等待，请问还有其他可以帮您的吗？',
  ],
};

/** Read on every chat opened and every contact page; other processes see an edit within 5 s. */
const CACHE_MS = 5_000;
let cached: { value: SupportSettings; at: number } | null = null;

export async function supportSettings(db: Executor): Promise<SupportSettings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = await loadSupportSettings(db);
  cached = { value, at: Date.now() };
  return value;
}

async function loadSupportSettings(db: Executor): Promise<SupportSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SUPPORT_KEY));
  if (!row) return DEFAULT_SUPPORT_SETTINGS;
  const merged = { ...DEFAULT_SUPPORT_SETTINGS, ...(row.value as Partial<SupportSettings>) };
  // A stored value that no longer fits falls back to the defaults, never crashes a page.
  return settingsSchema.safeParse(merged).success ? merged : DEFAULT_SUPPORT_SETTINGS;
}

/** Applies an operator's edit with an audit row naming them, in the caller's transaction. */
export async function updateSupportSettings(
  tx: Executor,
  patch: Partial<SupportSettings>,
  actor: { id: number; role: string },
  now: Date,
  requestId?: string,
): Promise<SupportSettings> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${SUPPORT_KEY}))`);
  const before = await loadSupportSettings(tx);
  const after = { ...before, ...patch };
  await tx
    .insert(settings)
    .values({ key: SUPPORT_KEY, value: after, updatedAt: now, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: after, updatedAt: now, updatedBy: actor.id },
    });
  cached = null;
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'settings.update',
    entityType: 'settings',
    entityId: SUPPORT_KEY,
    before,
    after,
    requestId,
  });
  return after;
}
