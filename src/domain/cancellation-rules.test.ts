import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import {
  assessCancellation,
  CANCEL_BLOCK_TEXT,
  checkSelection,
  feesApply,
  isWholeSelection,
  PARTIAL_BLOCK_TEXT,
  remainingUnits,
  resolveSelection,
  wholeSelection,
  type CancelAssessment,
  type CancelBlock,
  type CancellableLine,
  type CancellableOrder,
  type SelectionItem,
} from './cancellation-rules.js';
import { DEFAULT_CANCELLATION_SETTINGS as S } from './cancellation-settings.js';
import { ORDER_STATUSES, type OrderStatus } from './order-status.js';

const PAID_AT = new Date('2026-11-28T10:00:00+08:00');
const min = (n: number) => new Date(PAID_AT.getTime() + n * 60_000);

const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
const NON_CANCELLABLE: AfterSalesPolicy = { kind: 'non_cancellable', feeKind: null, feeValue: 0 };
const BUNDLE = { ...FULL, bundle: true };

function line(id: number, over: Partial<CancellableLine> = {}): CancellableLine {
  return {
    id,
    qtyOrdered: 2,
    qtyCancelled: 0,
    qtyShipped: 0,
    unitPriceFen: 5000,
    discountFen: 0,
    refundedFen: 0,
    policy: FULL,
    ...over,
  };
}

function order(over: Partial<CancellableOrder> = {}): CancellableOrder {
  const status = over.status ?? 'awaiting_shipment';
  return {
    status,
    paidAt: status === 'pending_payment' ? null : PAID_AT,
    preparingAt: null,
    paidFen: 20_000,
    shippingFen: 0,
    refundedShipping: false,
    pendingRequest: false,
    lines: [line(1), line(2)],
    ...over,
  };
}

const preparing = { preparingAt: min(5) };

type Expect = Pick<CancelAssessment, 'mode' | 'blockedBy' | 'withinFreeWindow'>;
const instant: Expect = { mode: 'instant', blockedBy: null, withinFreeWindow: false };
const free: Expect = { mode: 'instant', blockedBy: null, withinFreeWindow: true };
const request: Expect = { mode: 'request', blockedBy: null, withinFreeWindow: false };
const block = (b: CancelBlock): Expect => ({ mode: null, blockedBy: b, withinFreeWindow: false });

describe('assessCancellation: state × condition', () => {
  // [description, order, now (minutes after payment), expected]
  it.each<[string, CancellableOrder, number, Expect]>([
    ['待付款', order({ status: 'pending_payment' }), 0, instant],
    ['待付款, hours later', order({ status: 'pending_payment' }), 600, instant],
    [
      '待付款 with a non_cancellable line',
      order({ status: 'pending_payment', lines: [line(1, { policy: NON_CANCELLABLE })] }),
      0,
      instant,
    ],
    [
      '待付款 with a bundle',
      order({ status: 'pending_payment', lines: [line(1, { policy: BUNDLE }), line(2)] }),
      0,
      instant,
    ],
    [
      '待付款 with a request flag',
      order({ status: 'pending_payment', pendingRequest: true }),
      0,
      block('request_pending'),
    ],
    ['待发货 not preparing, in window', order(), 1, free],
    ['待发货 not preparing, after window', order(), 31, instant],
    ['待发货 not preparing, days later', order(), 3 * 24 * 60, instant],
    ['待发货 preparing, in window', order(preparing), 10, free],
    ['待发货 preparing, exactly at the window end', order(preparing), 30, free],
    ['待发货 preparing, 1 ms after the window', order(preparing), 30 + 1 / 60_000, request],
    ['待发货 preparing, after window', order(preparing), 45, request],
    [
      '待发货 pending request',
      order({ ...preparing, pendingRequest: true }),
      45,
      block('request_pending'),
    ],
    [
      '待发货 pending request, in window',
      order({ pendingRequest: true }),
      1,
      block('request_pending'),
    ],
    [
      '待发货 all non_cancellable',
      order({ lines: [line(1, { policy: NON_CANCELLABLE })] }),
      1,
      block('non_cancellable'),
    ],
    [
      '待发货 some non_cancellable',
      order({ lines: [line(1, { policy: NON_CANCELLABLE }), line(2)] }),
      1,
      free,
    ],
    [
      '待发货 bundle with a non_cancellable line',
      order({ lines: [line(1, { policy: BUNDLE }), line(2, { policy: NON_CANCELLABLE })] }),
      1,
      block('non_cancellable'),
    ],
    [
      '待发货 bundle whose non_cancellable line is gone',
      order({
        lines: [line(1, { policy: BUNDLE }), line(2, { policy: NON_CANCELLABLE, qtyCancelled: 2 })],
      }),
      1,
      free,
    ],
    [
      '待发货 every unit cancelled or shipped',
      order({ lines: [line(1, { qtyCancelled: 2 }), line(2, { qtyCancelled: 1, qtyShipped: 1 })] }),
      1,
      block('nothing_left'),
    ],
    [
      '待发货 nothing left beats non_cancellable',
      order({ lines: [line(1, { policy: NON_CANCELLABLE, qtyShipped: 2 })] }),
      1,
      block('nothing_left'),
    ],
    ['待发货 no lines at all', order({ lines: [] }), 1, block('nothing_left')],
    ['待收货', order({ status: 'shipped' }), 1, block('shipped')],
    [
      '待收货 with a request flag',
      order({ status: 'shipped', pendingRequest: true }),
      1,
      block('shipped'),
    ],
    ['已完成', order({ status: 'completed' }), 1, block('completed')],
    ['已取消', order({ status: 'cancelled' }), 1, block('already_cancelled')],
    [
      '已取消 with a request flag',
      order({ status: 'cancelled', pendingRequest: true }),
      1,
      block('already_cancelled'),
    ],
  ])('%s', (_name, o, minutes, expected) => {
    const a = assessCancellation(o, S, min(minutes));
    expect({ mode: a.mode, blockedBy: a.blockedBy, withinFreeWindow: a.withinFreeWindow }).toEqual(
      expected,
    );
  });

  it('honours the configured window', () => {
    const s = { ...S, freeCancelWindowMinutes: 60 };
    expect(assessCancellation(order(preparing), s, min(45)).mode).toBe('instant');
    expect(assessCancellation(order(preparing), s, min(61)).mode).toBe('request');
    const none = { ...S, freeCancelWindowMinutes: 0 };
    expect(assessCancellation(order(preparing), none, min(0)).mode).toBe('instant');
    expect(assessCancellation(order(preparing), none, min(1)).mode).toBe('request');
  });

  // The full cross product, checked against the table in the module header.
  const cases = ORDER_STATUSES.flatMap((status) =>
    [false, true].flatMap((pendingRequest) =>
      [false, true].flatMap((isPreparing) =>
        [5, 30, 31].map((minutes) => ({ status, pendingRequest, isPreparing, minutes })),
      ),
    ),
  );
  it.each(cases)('%o', ({ status, pendingRequest, isPreparing, minutes }) => {
    const o = order({
      status,
      pendingRequest,
      preparingAt: isPreparing && status !== 'pending_payment' ? min(1) : null,
    });
    const a = assessCancellation(o, S, min(minutes));
    const blocks: Partial<Record<OrderStatus, CancelBlock>> = {
      shipped: 'shipped',
      completed: 'completed',
      cancelled: 'already_cancelled',
    };
    const expected: Expect =
      blocks[status] !== undefined
        ? block(blocks[status])
        : pendingRequest
          ? block('request_pending')
          : status === 'pending_payment'
            ? instant
            : minutes <= 30
              ? free
              : isPreparing
                ? request
                : instant;
    expect({ mode: a.mode, blockedBy: a.blockedBy, withinFreeWindow: a.withinFreeWindow }).toEqual(
      expected,
    );
    if (a.blockedBy !== null) {
      expect(a).toMatchObject({
        partialAllowed: false,
        partialBlockedBy: null,
        cancellableLineIds: [],
      });
    }
  });
});

describe('assessCancellation: partial cancellation and cancellable lines', () => {
  it.each<
    [
      string,
      CancellableOrder,
      Pick<CancelAssessment, 'partialAllowed' | 'partialBlockedBy' | 'cancellableLineIds'>,
    ]
  >([
    [
      'paid, two lines',
      order(),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [1, 2] },
    ],
    [
      'paid, preparing (request)',
      order(preparing),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [1, 2] },
    ],
    [
      'paid, one line of two units',
      order({ lines: [line(1)] }),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [1] },
    ],
    [
      'unpaid',
      order({ status: 'pending_payment' }),
      { partialAllowed: false, partialBlockedBy: 'unpaid', cancellableLineIds: [1, 2] },
    ],
    [
      'unpaid, non_cancellable line still cancellable',
      order({ status: 'pending_payment', lines: [line(1, { policy: NON_CANCELLABLE }), line(2)] }),
      { partialAllowed: false, partialBlockedBy: 'unpaid', cancellableLineIds: [1, 2] },
    ],
    [
      'unpaid single unit',
      order({ status: 'pending_payment', lines: [line(1, { qtyOrdered: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'unpaid', cancellableLineIds: [1] },
    ],
    [
      'paid bundle',
      order({ lines: [line(1, { policy: BUNDLE }), line(2)] }),
      { partialAllowed: false, partialBlockedBy: 'bundle', cancellableLineIds: [1, 2] },
    ],
    [
      'paid bundle, single unit: bundle wins',
      order({ lines: [line(1, { policy: BUNDLE, qtyOrdered: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'bundle', cancellableLineIds: [1] },
    ],
    [
      'bundle: false is not a bundle',
      order({ lines: [line(1, { policy: { ...FULL, bundle: false } }), line(2)] }),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [1, 2] },
    ],
    [
      'paid, one unit ordered',
      order({ lines: [line(1, { qtyOrdered: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'single_unit', cancellableLineIds: [1] },
    ],
    [
      'paid, one unit left after cancellations',
      order({ lines: [line(1, { qtyCancelled: 2 }), line(2, { qtyCancelled: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'single_unit', cancellableLineIds: [2] },
    ],
    [
      'paid, one unit left after partial shipment',
      order({ lines: [line(1, { qtyShipped: 2 }), line(2, { qtyShipped: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'single_unit', cancellableLineIds: [2] },
    ],
    [
      'paid, one cancellable unit beside non_cancellable ones',
      order({ lines: [line(1, { policy: NON_CANCELLABLE }), line(2, { qtyOrdered: 1 })] }),
      { partialAllowed: false, partialBlockedBy: 'single_unit', cancellableLineIds: [2] },
    ],
    [
      'paid, non_cancellable line skipped',
      order({ lines: [line(1, { policy: NON_CANCELLABLE }), line(2), line(3)] }),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [2, 3] },
    ],
    [
      'paid, finished lines skipped',
      order({ lines: [line(1, { qtyCancelled: 2 }), line(2), line(3, { qtyShipped: 2 })] }),
      { partialAllowed: true, partialBlockedBy: null, cancellableLineIds: [2] },
    ],
  ])('%s', (_name, o, expected) => {
    expect(assessCancellation(o, S, min(1))).toMatchObject(expected);
  });
});

describe('remainingUnits', () => {
  it.each([
    [{ qtyOrdered: 3, qtyCancelled: 0, qtyShipped: 0 }, 3],
    [{ qtyOrdered: 3, qtyCancelled: 1, qtyShipped: 1 }, 1],
    [{ qtyOrdered: 3, qtyCancelled: 3, qtyShipped: 0 }, 0],
    [{ qtyOrdered: 3, qtyCancelled: 2, qtyShipped: 2 }, 0], // bad data never goes negative
  ])('%o → %i', (q, n) => {
    expect(remainingUnits(line(1, q))).toBe(n);
  });
});

describe('feesApply', () => {
  it.each<[string, CancellableOrder, number, boolean]>([
    ['unpaid', order({ status: 'pending_payment' }), 60, false],
    ['paid in window', order(), 10, false],
    ['paid in window while preparing', order(preparing), 10, false],
    ['paid after window', order(), 31, true],
    ['preparing after window (request)', order(preparing), 31, true],
  ])('%s → %s', (_name, o, minutes, expected) => {
    expect(feesApply(o, assessCancellation(o, S, min(minutes)))).toBe(expected);
  });
});

describe('checkSelection', () => {
  const sel = (...pairs: [number, number][]): SelectionItem[] =>
    pairs.map(([lineId, quantity]) => ({ lineId, quantity }));
  const paid = order({
    lines: [
      line(1, { qtyOrdered: 3, qtyCancelled: 1 }),
      line(2),
      line(3, { policy: NON_CANCELLABLE }),
    ],
  });
  const bundle = order({ lines: [line(1, { policy: BUNDLE }), line(2)] });
  const unpaid = order({ status: 'pending_payment' });
  const single = order({ lines: [line(1, { qtyOrdered: 1 })] });

  it.each<[string, CancellableOrder, SelectionItem[] | 'all', string | null]>([
    ['all, paid', paid, 'all', null],
    ['partial, paid', paid, sel([1, 1]), null],
    ['line 1 all remaining', paid, sel([1, 2]), null],
    ['both lines partly', paid, sel([1, 1], [2, 1]), null],
    ['whole by explicit selection', paid, sel([1, 2], [2, 2]), null],
    ['repeated line summed', paid, sel([1, 1], [1, 1]), null],
    ['repeated line summed past remaining', paid, sel([1, 2], [1, 1]), 'CANCEL_QUANTITY_EXCEEDED'],
    ['more than remaining (cancelled counts)', paid, sel([1, 3]), 'CANCEL_QUANTITY_EXCEEDED'],
    ['more than ordered', paid, sel([2, 3]), 'CANCEL_QUANTITY_EXCEEDED'],
    ['zero', paid, sel([1, 0]), 'QUANTITY_INVALID'],
    ['negative', paid, sel([1, -1]), 'QUANTITY_INVALID'],
    ['fractional', paid, sel([1, 0.5]), 'QUANTITY_INVALID'],
    ['empty selection', paid, [], 'QUANTITY_INVALID'],
    ['unknown line', paid, sel([9, 1]), 'CANCEL_LINE_NOT_CANCELLABLE'],
    ['non_cancellable line', paid, sel([3, 1]), 'CANCEL_LINE_NOT_CANCELLABLE'],
    [
      'non_cancellable beside a valid line',
      paid,
      sel([1, 1], [3, 1]),
      'CANCEL_LINE_NOT_CANCELLABLE',
    ],
    ['bundle all', bundle, 'all', null],
    ['bundle whole by selection', bundle, sel([1, 2], [2, 2]), null],
    ['bundle partial', bundle, sel([1, 2]), 'PARTIAL_CANCEL_NOT_ALLOWED'],
    ['bundle partial quantity', bundle, sel([1, 1], [2, 2]), 'PARTIAL_CANCEL_NOT_ALLOWED'],
    ['unpaid all', unpaid, 'all', null],
    ['unpaid whole by selection', unpaid, sel([2, 2], [1, 2]), null],
    ['unpaid partial', unpaid, sel([1, 1]), 'PARTIAL_CANCEL_NOT_ALLOWED'],
    ['unpaid too many', unpaid, sel([1, 5]), 'CANCEL_QUANTITY_EXCEEDED'],
    ['single unit whole', single, sel([1, 1]), null],
    ['single unit all', single, 'all', null],
    ['shipped', order({ status: 'shipped' }), 'all', 'ORDER_NOT_CANCELLABLE'],
    ['completed', order({ status: 'completed' }), sel([1, 1]), 'ORDER_NOT_CANCELLABLE'],
    ['cancelled', order({ status: 'cancelled' }), 'all', 'ORDER_NOT_CANCELLABLE'],
    [
      'nothing left',
      order({ lines: [line(1, { qtyCancelled: 2 })] }),
      'all',
      'ORDER_NOT_CANCELLABLE',
    ],
    [
      'all non_cancellable',
      order({ lines: [line(1, { policy: NON_CANCELLABLE })] }),
      'all',
      'ORDER_NOT_CANCELLABLE',
    ],
    ['request pending', order({ pendingRequest: true }), 'all', 'CANCELLATION_ALREADY_REQUESTED'],
    [
      'request pending, partial',
      order({ pendingRequest: true }),
      sel([1, 1]),
      'CANCELLATION_ALREADY_REQUESTED',
    ],
    ['request mode accepts partial', order(preparing), sel([1, 1]), null],
  ])('%s → %s', (_name, o, selection, expected) => {
    const now = o.preparingAt === null ? min(1) : min(60);
    expect(checkSelection(o, assessCancellation(o, S, now), selection)).toBe(expected);
  });

  it('resolves all to every remaining unit of every cancellable line', () => {
    const a = assessCancellation(paid, S, min(1));
    expect(resolveSelection(paid, a, 'all')).toEqual(sel([1, 2], [2, 2]));
    expect(wholeSelection(paid, a)).toEqual(sel([1, 2], [2, 2]));
    expect(resolveSelection(paid, a, sel([2, 1], [1, 1], [2, 1]))).toEqual(sel([2, 2], [1, 1]));
    expect(isWholeSelection(paid, a, sel([2, 1], [1, 2], [2, 1]))).toBe(true);
    expect(isWholeSelection(paid, a, sel([1, 2]))).toBe(false);
    expect(isWholeSelection(paid, a, 'all')).toBe(true);
  });

  it('accepts any in-range selection of a partial-friendly order, and the whole one always', () => {
    const arb = fc
      .array(fc.record({ ordered: fc.integer({ min: 1, max: 5 }), cancelled: fc.nat(5) }), {
        minLength: 1,
        maxLength: 4,
      })
      .map((ls) =>
        order({
          lines: ls.map((l, i) =>
            line(i + 1, { qtyOrdered: l.ordered, qtyCancelled: Math.min(l.cancelled, l.ordered) }),
          ),
        }),
      );
    fc.assert(
      fc.property(arb, fc.array(fc.nat(6)), (o, picks) => {
        const a = assessCancellation(o, S, min(1));
        if (a.blockedBy !== null) {
          expect(a.blockedBy).toBe('nothing_left');
          return;
        }
        expect(checkSelection(o, a, 'all')).toBeNull();
        expect(checkSelection(o, a, wholeSelection(o, a))).toBeNull();
        const selection = o.lines
          .map((l, i) => ({ lineId: l.id, quantity: Math.min(picks[i] ?? 0, remainingUnits(l)) }))
          .filter((s) => s.quantity > 0);
        if (selection.length === 0) return;
        const whole = isWholeSelection(o, a, selection);
        expect(checkSelection(o, a, selection)).toBe(
          a.partialAllowed || whole ? null : 'PARTIAL_CANCEL_NOT_ALLOWED',
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('texts', () => {
  it('every block and partial block says why, in both languages', () => {
    for (const t of [...Object.values(CANCEL_BLOCK_TEXT), ...Object.values(PARTIAL_BLOCK_TEXT)]) {
      expect(t.zh.trim()).not.toBe('');
      expect(t.en.trim()).not.toBe('');
    }
    expect(CANCEL_BLOCK_TEXT.shipped.zh).toBe(
      '商家已发货，无法取消订单。如需退款，请在收到商品后申请售后。',
    );
  });
});
