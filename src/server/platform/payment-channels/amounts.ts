// Providers speak yuan as decimal strings ("88.00", Alipay) or fen as integers / digit strings
// (WeChat, UnionPay). We keep integer fen; these convert exactly, never through floating point.

/** 8800 → "88.00" */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a fen amount: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** "88.00" | "88.5" | "88" → 8800 | 8850 | 8800; anything else → null. */
export function yuanToFen(yuan: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** "000000008800" (UnionPay txnAmt) or "8800" → 8800; anything else → null. */
export function digitsToFen(digits: string): number | null {
  if (!/^\d{1,15}$/.test(digits)) return null;
  return Number(digits);
}
