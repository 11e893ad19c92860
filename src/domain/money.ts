// Money is integer fen. Floats never touch amounts, so sums always reconcile to the cent.

export type Fen = number;

/** Returns n as Fen, or throws if it is not a safe non-negative integer. */
export function assertFen(n: number): Fen {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`not a non-negative integer amount of fen: ${n}`);
  }
  return n;
}

/**
 * Splits `total` across `weights` in proportion, by largest remainder, so the parts sum exactly
 * to `total`. Ties go to the lower index so the split is deterministic. All-zero weights split
 * evenly.
 */
export function prorate(total: Fen, weights: readonly Fen[]): Fen[] {
  assertFen(total);
  weights.forEach(assertFen);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('cannot prorate a non-zero total across no weights');
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  // BigInt because total × weight can exceed 2^53 for large amounts.
  const t = BigInt(total);
  const sum = effective.reduce((acc, w) => acc + BigInt(w), 0n);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  for (const w of effective) {
    const product = t * BigInt(w);
    floors.push(product / sum);
    remainders.push(product % sum);
  }
  let leftover = Number(t - floors.reduce((a, b) => a + b, 0n));
  const order = effective
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : rb > ra ? 1 : -1;
    });
  const parts = floors.map(Number);
  // leftover < number of non-zero remainders, so zero weights never receive a unit.
  for (const i of order) {
    if (leftover === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    leftover--;
  }
  return parts;
}

/** 12345 → "¥123.45", -5 → "-¥0.05". No thousands separators, as on Chinese shop pages. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}
