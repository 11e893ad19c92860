// Providers write times as Beijing time (UTC+8, no DST) in their own shapes. Plain offset
// arithmetic is exact, as in domain/shanghai-date.ts.

const OFFSET_MS = 8 * 60 * 60 * 1000;

function parts(at: Date) {
  const s = new Date(at.getTime() + OFFSET_MS).toISOString(); // 2026-01-02T03:04:05.000Z
  return {
    date: s.slice(0, 10),
    time: s.slice(11, 19),
  };
}

/** "2026-01-02 03:04:05" (Alipay) */
export function formatDashed(at: Date): string {
  const p = parts(at);
  return `${p.date} ${p.time}`;
}

/** "20260102030405" (UnionPay txnTime) */
export function formatCompact(at: Date): string {
  const p = parts(at);
  return `${p.date.replaceAll('-', '')}${p.time.replaceAll(':', '')}`;
}

/** "2026-01-02T03:04:05+08:00" (WeChat Pay, RFC 3339) */
export function formatRfc3339(at: Date): string {
  const p = parts(at);
  return `${p.date}T${p.time}+08:00`;
}

/** Reads the three shapes above (and RFC 3339 with any offset); null when it is none of them. */
export function parseProviderTime(text: string): Date | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(t);
  m ??= /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
    const at = new Date(Date.UTC(y!, mo! - 1, d, h, mi, s) - OFFSET_MS);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(t)) {
    const at = new Date(t);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  return null;
}

/** The instant a Shanghai calendar day "YYYY-MM-DD" begins. */
export function startOfShanghaiDay(day: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS);
}
