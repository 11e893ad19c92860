import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../contracts/index.js';
import { readErrorBody } from './error-body.js';

// The hand-written check must accept exactly what the contract's schema accepts.
const samples: unknown[] = [
  { error: { code: 'NOT_FOUND', message: '订单不存在', requestId: 'r-1' } },
  { error: { code: 'VALIDATION', message: '参数错误', details: [{ path: ['a'] }] } },
  { error: { code: 'X', message: 'm', requestId: 7 } },
  { error: { code: 1, message: 'm' } },
  { error: { code: 'X' } },
  { error: 'boom' },
  { message: 'not our shape' },
  null,
  'text',
  [],
];

describe('readErrorBody', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('agrees with the contract on %s', (_, s) => {
    const parsed = errorResponse.safeParse(s);
    expect(readErrorBody(s)).toEqual(parsed.success ? parsed.data.error : null);
  });
});
