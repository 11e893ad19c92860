// Order numbers: 18 digits a shopper can read out on the phone.
// yyyyMMdd (Shanghai) + last 2 digits of the shopper id + 8 scrambled sequence digits.

import { compactDate, shanghaiDate } from './shanghai-date.js';

const SEQ_SPACE = 100_000_000n;
// Odd and not a multiple of 5, so coprime to 1e8: seq ↦ (seq × A + B) mod 1e8 is a bijection.
// It hides order volume: consecutive sequences give unrelated-looking numbers.
const MULTIPLIER = 61_803_399n;
const OFFSET = 27_182_818n;

function scramble(sequence: number): string {
  // BigInt: sequence × MULTIPLIER exceeds 2^53.
  const permuted = ((BigInt(sequence) % SEQ_SPACE) * MULTIPLIER + OFFSET) % SEQ_SPACE;
  return permuted.toString().padStart(8, '0');
}

/** Unique for distinct sequences below 1e8 on the same Shanghai day. */
export function makeOrderNo(at: Date, sequence: number, shopperId: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new RangeError(`sequence must be a non-negative integer: ${sequence}`);
  }
  if (!Number.isSafeInteger(shopperId) || shopperId < 0) {
    throw new RangeError(`shopperId must be a non-negative integer: ${shopperId}`);
  }
  const date = shanghaiDate(at);
  if (date.year < 1000 || date.year > 9999) throw new RangeError('year out of range');
  const shopper = String(shopperId % 100).padStart(2, '0');
  return `${compactDate(date)}${shopper}${scramble(sequence)}`;
}

export function isOrderNo(s: string): boolean {
  return /^\d{18}$/.test(s);
}

/** "202611271234567890" → "2026 1127 1234 5678 90", for reading out on the phone. */
export function groupOrderNo(s: string): string {
  return (s.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}
