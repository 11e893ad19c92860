import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CANCEL_REASON_TEXT_MAX,
  DEFAULT_CANCELLATION_SETTINGS,
  normalizeReasonText,
  requestSlaDeadline,
  validateReason,
  type CancellationSettings,
} from './cancellation-settings.js';

const S = DEFAULT_CANCELLATION_SETTINGS;

describe('DEFAULT_CANCELLATION_SETTINGS', () => {
  it('has the documented defaults', () => {
    expect(S).toMatchObject({
      freeCancelWindowMinutes: 30,
      requestSlaHours: 24,
      reviewAmountFen: 200_000,
      standingWarnAt: 3,
      standingReviewAt: 5,
      standingWindowDays: 30,
    });
  });

  it('seeds the five reasons from the seed plus 其他 with text, in order', () => {
    expect(S.reasons.map((r) => [r.code, r.zh, r.needsText])).toEqual([
      ['changed_mind', '不想要了/改变主意', false],
      ['info_mismatch', '商品信息不符', false],
      ['logistics_delay', '物流延误', false],
      ['price', '价格因素', false],
      ['personal', '个人原因', false],
      ['other', '其他', true],
    ]);
  });

  it('every reason has English and a unique code', () => {
    for (const r of S.reasons) expect(r.en.trim()).not.toBe('');
    expect(new Set(S.reasons.map((r) => r.code)).size).toBe(S.reasons.length);
  });
});

describe('validateReason', () => {
  const long = 'a'.repeat(CANCEL_REASON_TEXT_MAX);
  it.each<[string, string | undefined, string | null]>([
    ['changed_mind', undefined, null],
    ['changed_mind', '', null],
    ['changed_mind', '  顺便说一句  ', null],
    ['price', undefined, null],
    ['other', '买错了尺码', null],
    ['other', `  ${long}  `, null],
    ['other', '好'.repeat(200), null], // 200 characters, not bytes
    ['other', '😀'.repeat(200), null], // code points, not UTF-16 units
    ['other', undefined, 'CANCEL_REASON_TEXT_REQUIRED'],
    ['other', '', 'CANCEL_REASON_TEXT_REQUIRED'],
    ['other', '   \n\t ', 'CANCEL_REASON_TEXT_REQUIRED'],
    ['other', `${long}b`, 'CANCEL_REASON_TEXT_TOO_LONG'],
    ['changed_mind', `${long}b`, 'CANCEL_REASON_TEXT_TOO_LONG'],
    ['nope', 'x', 'CANCEL_REASON_INVALID'],
    ['', undefined, 'CANCEL_REASON_INVALID'],
    ['OTHER', 'x', 'CANCEL_REASON_INVALID'],
    ['toString', undefined, 'CANCEL_REASON_INVALID'],
  ])('%s %j → %s', (code, text, expected) => {
    expect(validateReason(S, code, text)).toBe(expected);
  });

  it('follows operator-edited reasons', () => {
    const edited: CancellationSettings = {
      ...S,
      reasons: [{ code: 'gift', zh: '送礼取消', en: 'Gift cancelled', needsText: true }],
    };
    expect(validateReason(edited, 'changed_mind', undefined)).toBe('CANCEL_REASON_INVALID');
    expect(validateReason(edited, 'gift', undefined)).toBe('CANCEL_REASON_TEXT_REQUIRED');
    expect(validateReason(edited, 'gift', '生日取消了')).toBeNull();
  });

  it('accepts exactly the texts that trim to 1..200 code points for 其他', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 260 }), (text) => {
        const n = [...text.trim()].length;
        const expected =
          n === 0 ? 'CANCEL_REASON_TEXT_REQUIRED' : n > 200 ? 'CANCEL_REASON_TEXT_TOO_LONG' : null;
        expect(validateReason(S, 'other', text)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeReasonText', () => {
  it.each<[string | undefined | null, string | null]>([
    [undefined, null],
    [null, null],
    ['', null],
    ['  ', null],
    [' 其他原因 ', '其他原因'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeReasonText(text)).toBe(expected);
  });
});

describe('requestSlaDeadline', () => {
  it('is requestSlaHours after the request', () => {
    const at = new Date('2026-11-28T10:00:00+08:00');
    expect(requestSlaDeadline(S, at).toISOString()).toBe('2026-11-29T02:00:00.000Z');
    expect(requestSlaDeadline({ ...S, requestSlaHours: 2 }, at).toISOString()).toBe(
      '2026-11-28T04:00:00.000Z',
    );
  });
});
