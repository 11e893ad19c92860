import { describe, expect, it } from 'vitest';
import { digitsToFen, fenToYuan, yuanToFen } from './amounts.js';

describe('provider amounts', () => {
  it('writes fen as the yuan string providers expect', () => {
    expect(fenToYuan(8800)).toBe('88.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(123456789)).toBe('1234567.89');
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });

  it('reads yuan strings exactly and refuses anything else', () => {
    expect(yuanToFen('88.00')).toBe(8800);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-1.00')).toBeNull();
    expect(yuanToFen('1e3')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });

  it('reads digit strings as fen', () => {
    expect(digitsToFen('000000008800')).toBe(8800);
    expect(digitsToFen('88.00')).toBeNull();
  });
});
