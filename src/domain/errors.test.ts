import { describe, it, expect } from 'vitest';
import { DomainError, ERRORS, isDomainErrorCode, type DomainErrorCode } from './errors.js';

describe('ERRORS catalogue', () => {
  const codes = Object.keys(ERRORS) as DomainErrorCode[];

  it.each(codes)('%s has a 4xx/5xx status and non-empty zh and en', (code) => {
    const e = ERRORS[code];
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(600);
    expect(e.zh.trim()).not.toBe('');
    expect(e.en.trim()).not.toBe('');
  });

  it.each([
    ['VALIDATION_FAILED', 400, '请求参数不正确'],
    ['ORDER_NOT_FOUND', 404, '订单不存在'],
    ['UNAUTHENTICATED', 401, '请先登录'],
    ['RATE_LIMITED', 429, '操作太频繁，请稍后再试'],
    ['INVALID_CREDENTIALS', 401, '账号或密码错误'],
    ['CODE_INVALID', 400, '验证码错误或已过期'],
    ['OUT_OF_STOCK', 409, '库存不足'],
    ['PAYMENT_PROVIDER_UNAVAILABLE', 502, '支付服务暂时不可用，请稍后再试'],
    ['ORDER_NOT_CANCELLABLE', 409, '订单当前状态不可取消'],
    ['CANCEL_REASON_INVALID', 400, '请选择有效的取消原因'],
    ['CANCEL_REASON_TEXT_REQUIRED', 400, '请填写取消原因'],
    ['CANCEL_REASON_TEXT_TOO_LONG', 400, '取消原因不能超过 200 字'],
    ['CANCEL_QUANTITY_EXCEEDED', 409, '取消数量超过可取消数量'],
    ['CANCEL_LINE_NOT_CANCELLABLE', 409, '所选商品不可取消'],
    ['PARTIAL_CANCEL_NOT_ALLOWED', 409, '该订单不支持部分取消，请整单取消'],
    ['CANCELLATION_ALREADY_REQUESTED', 409, '已提交取消申请，请等待商家处理'],
    ['CANCELLATION_REQUEST_NOT_FOUND', 404, '取消申请不存在'],
    ['CANCELLATION_REQUEST_DECIDED', 409, '该申请已处理'],
    ['INTERNAL', 500, '系统繁忙，请稍后再试'],
  ] as const)('%s → %i %s', (code, status, zh) => {
    expect(ERRORS[code].status).toBe(status);
    expect(ERRORS[code].zh).toBe(zh);
  });

  it.each([
    ['NOT_FOUND', 404],
    ['FORBIDDEN', 403],
    ['CSRF_FAILED', 403],
    ['EMAIL_TAKEN', 409],
    ['MOBILE_TAKEN', 409],
    ['INVALID_MOBILE', 400],
    ['INVALID_EMAIL', 400],
    ['WEAK_PASSWORD', 400],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['IDEMPOTENCY_IN_PROGRESS', 409],
    ['PRODUCT_NOT_FOUND', 404],
    ['VARIANT_NOT_FOUND', 404],
    ['CART_EMPTY', 400],
    ['QUANTITY_INVALID', 400],
    ['ORDER_NOT_PAYABLE', 409],
    ['PAYMENT_DEADLINE_PASSED', 409],
    ['ORDER_NOT_SHIPPABLE', 409],
    ['ORDER_NOT_DELIVERABLE', 409],
    ['ORDER_NOT_RECEIVABLE', 409],
    ['ORDER_NOT_CANCELLABLE', 409],
    ['ORDER_ALREADY_PREPARING', 409],
    ['WEBHOOK_SIGNATURE_INVALID', 400],
    ['WEBHOOK_STALE', 400],
    ['WEBHOOK_AMOUNT_MISMATCH', 400],
    ['PAYLOAD_TOO_LARGE', 413],
    ['SERVICE_UNAVAILABLE', 503],
  ] as const)('%s → %i', (code, status) => {
    expect(ERRORS[code].status).toBe(status);
  });
});

describe('DomainError', () => {
  it('carries code and data and is an Error', () => {
    const e = new DomainError('OUT_OF_STOCK', { variantId: 7 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('OUT_OF_STOCK');
    expect(e.data).toEqual({ variantId: 7 });
    expect(e.message).toBe(ERRORS.OUT_OF_STOCK.en);
  });

  it('data is optional', () => {
    expect(new DomainError('INTERNAL').data).toBeUndefined();
  });
});

describe('isDomainErrorCode', () => {
  it.each([
    ['ORDER_NOT_FOUND', true],
    ['NOPE', false],
    ['toString', false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isDomainErrorCode(s)).toBe(expected);
  });
});
