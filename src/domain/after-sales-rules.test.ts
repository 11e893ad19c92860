import { describe, expect, it } from 'vitest';
import {
  assessAfterSales,
  checkAfterSalesSelection,
  type AfterSalesOrder,
} from './after-sales-rules.js';

const DAY = 86_400_000;
const delivered = new Date('2026-11-20T10:00:00Z');
const base: AfterSalesOrder = {
  status: 'shipped',
  shippedAt: new Date(delivered.getTime() - DAY),
  deliveredAt: delivered,
  openCase: false,
  lines: [
    {
      id: 1,
      qtyShipped: 2,
      qtyAfterSales: 0,
      policy: { kind: 'full_refund', feeKind: null, feeValue: 0 },
    },
    {
      id: 2,
      qtyShipped: 1,
      qtyAfterSales: 0,
      policy: { kind: 'no_refund_after_shipment', feeKind: null, feeValue: 0 },
    },
  ],
};

describe('after-sales rules', () => {
  it.each([
    [
      'awaiting_shipment order',
      { ...base, status: 'awaiting_shipment' as const },
      delivered,
      'not_shipped',
    ],
    ['cancelled order', { ...base, status: 'cancelled' as const }, delivered, 'not_shipped'],
    ['shipped, inside the window', base, new Date(delivered.getTime() + 6 * DAY), null],
    [
      'completed, on the last moment',
      { ...base, status: 'completed' as const },
      new Date(delivered.getTime() + 7 * DAY),
      null,
    ],
    ['after the window', base, new Date(delivered.getTime() + 7 * DAY + 1), 'window_closed'],
    [
      'not delivered: counts from shipment',
      { ...base, deliveredAt: null },
      new Date(delivered.getTime() + 6 * DAY + 1),
      'window_closed',
    ],
    ['a case already open', { ...base, openCase: true }, delivered, 'case_open'],
    [
      'everything refunded',
      { ...base, lines: base.lines.map((l) => ({ ...l, qtyAfterSales: l.qtyShipped })) },
      delivered,
      'nothing_left',
    ],
    [
      'only no-refund-after-shipment items left',
      { ...base, lines: [base.lines[1]!] },
      delivered,
      'policy',
    ],
  ])('%s → %s', (_name, order, now, expected) => {
    expect(assessAfterSales(order, 7, now)).toBe(expected);
  });

  it('selects every refundable unit for all, and refuses more than was shipped or a no-refund line', () => {
    expect(checkAfterSalesSelection(base, 'all')).toEqual({
      selection: [{ lineId: 1, quantity: 2 }],
    });
    expect(checkAfterSalesSelection(base, [{ lineId: 1, quantity: 3 }])).toEqual({
      error: 'CANCEL_QUANTITY_EXCEEDED',
    });
    expect(checkAfterSalesSelection(base, [{ lineId: 2, quantity: 1 }])).toEqual({
      error: 'CANCEL_LINE_NOT_CANCELLABLE',
    });
    expect(checkAfterSalesSelection(base, [{ lineId: 1, quantity: 0 }])).toEqual({
      error: 'QUANTITY_INVALID',
    });
    expect(
      checkAfterSalesSelection(base, [
        { lineId: 1, quantity: 1 },
        { lineId: 1, quantity: 1 },
      ]),
    ).toEqual({ selection: [{ lineId: 1, quantity: 2 }] });
  });
});
