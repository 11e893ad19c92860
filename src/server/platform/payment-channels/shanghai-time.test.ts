import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatDashed,
  formatRfc3339,
  parseProviderTime,
  startOfShanghaiDay,
} from './shanghai-time.js';

describe('provider times (Beijing time)', () => {
  const at = new Date('2026-01-01T16:30:05Z'); // 00:30:05 on 2 January in Shanghai

  it('writes each provider shape in Beijing time', () => {
    expect(formatDashed(at)).toBe('2026-01-02 00:30:05');
    expect(formatCompact(at)).toBe('20260102003005');
    expect(formatRfc3339(at)).toBe('2026-01-02T00:30:05+08:00');
  });

  it('reads them back to the same instant', () => {
    expect(parseProviderTime('2026-01-02 00:30:05')).toEqual(at);
    expect(parseProviderTime('20260102003005')).toEqual(at);
    expect(parseProviderTime('2026-01-02T00:30:05+08:00')).toEqual(at);
    expect(parseProviderTime('yesterday')).toBeNull();
  });

  it('knows when a Shanghai day starts', () => {
    expect(startOfShanghaiDay('2026-01-02')).toEqual(new Date('2026-01-01T16:00:00Z'));
  });
});
