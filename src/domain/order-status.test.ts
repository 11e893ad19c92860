import { describe, it, expect } from 'vitest';
import {
  deriveOrderStatus,
  ORDER_STATUSES,
  ORDER_TABS,
  STATUS_LABELS,
  TAB_LABELS,
  type OrderFacts,
  type OrderStatus,
} from './order-status.js';

const t = new Date('2026-11-27T02:00:00Z');
const line = (qtyOrdered: number, qtyCancelled = 0, qtyShipped = 0) => ({
  qtyOrdered,
  qtyCancelled,
  qtyShipped,
});
const facts = (over: Partial<OrderFacts>): OrderFacts => ({
  paidAt: null,
  cancelledAt: null,
  shippedAt: null,
  completedAt: null,
  lines: [line(2)],
  ...over,
});

describe('deriveOrderStatus', () => {
  it.each<[string, Partial<OrderFacts>, OrderStatus]>([
    ['new order', {}, 'pending_payment'],
    ['paid', { paidAt: t }, 'awaiting_shipment'],
    ['paid, partly cancelled', { paidAt: t, lines: [line(2, 1)] }, 'awaiting_shipment'],
    ['shipped', { paidAt: t, shippedAt: t }, 'shipped'],
    ['completed', { paidAt: t, shippedAt: t, completedAt: t }, 'completed'],
    ['cancelled before payment', { cancelledAt: t }, 'cancelled'],
    ['cancelled after payment', { paidAt: t, cancelledAt: t }, 'cancelled'],
    ['every unit cancelled', { paidAt: t, lines: [line(2, 2), line(1, 1)] }, 'cancelled'],
    [
      'one line fully cancelled only',
      { paidAt: t, lines: [line(2, 2), line(1)] },
      'awaiting_shipment',
    ],
    [
      'partly cancelled, rest shipped',
      { paidAt: t, shippedAt: t, lines: [line(2, 1, 1)] },
      'shipped',
    ],
    ['cancelledAt wins over completed', { paidAt: t, completedAt: t, cancelledAt: t }, 'cancelled'],
    ['no lines is not all-cancelled', { paidAt: t, lines: [] }, 'awaiting_shipment'],
    ['zero-quantity lines are not all-cancelled', { lines: [line(0)] }, 'pending_payment'],
  ])('%s → %s', (_name, over, expected) => {
    expect(deriveOrderStatus(facts(over))).toBe(expected);
  });
});

describe('labels and tabs', () => {
  it('tabs are in display order', () => {
    expect(ORDER_TABS.map((tab) => TAB_LABELS[tab].zh)).toEqual([
      '全部',
      '待付款',
      '待发货',
      '待收货',
      '已完成',
      '已取消',
      '退款售后',
    ]);
  });

  it.each([
    ['pending_payment', '待付款', 'Awaiting payment'],
    ['awaiting_shipment', '待发货', 'To be shipped'],
    ['shipped', '待收货', 'Shipped'],
    ['completed', '已完成', 'Completed'],
    ['cancelled', '已取消', 'Cancelled'],
  ] as const)('%s → %s / %s', (status, zh, en) => {
    expect(STATUS_LABELS[status]).toEqual({ zh, en });
    expect(TAB_LABELS[status]).toEqual({ zh, en });
  });

  it('every status has a tab and every tab a label', () => {
    for (const s of ORDER_STATUSES) expect(ORDER_TABS).toContain(s);
    expect(TAB_LABELS.all).toEqual({ zh: '全部', en: 'All' });
    expect(TAB_LABELS.after_sales).toEqual({ zh: '退款售后', en: 'Refunds & after-sales' });
    expect(Object.keys(TAB_LABELS).sort()).toEqual([...ORDER_TABS].sort());
  });
});
