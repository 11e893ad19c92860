import { describe, expect, it } from 'vitest';
import {
  assessAddressChange,
  normaliseDeliveryAddress,
  planAddressChange,
  type AddressChangeCommand,
  type AddressChangeFacts,
  type AddressChangeOrder,
  type AddressChangeRecord,
  type DeliveryAddress,
} from './address-change.js';
import { DomainError, type DomainErrorCode } from './errors.js';

const NOW = new Date('2026-12-01T10:00:00+08:00');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);
const SHOPPER = { id: 7, role: 'shopper' };
const MERCHANT = { id: 70, role: 'merchant' };
const SYSTEM = { id: null, role: 'system' };

const OLD: DeliveryAddress = {
  name: '张三',
  phone: '13800000001',
  address: '上海市浦东新区世纪大道 1 号',
};
const NEW: DeliveryAddress = {
  name: '李四',
  phone: '13900000002',
  address: '北京市朝阳区建国路 88 号',
};

type State =
  | 'unpaid'
  | 'paid'
  | 'preparing'
  | 'request_pending'
  | 'request_refused'
  | 'shipped'
  | 'completed'
  | 'cancelled';

function orderIn(state: State): AddressChangeOrder {
  return {
    id: 1,
    shopperId: SHOPPER.id,
    shopId: 3,
    status:
      state === 'unpaid'
        ? 'pending_payment'
        : state === 'shipped'
          ? 'shipped'
          : state === 'completed'
            ? 'completed'
            : state === 'cancelled'
              ? 'cancelled'
              : 'awaiting_shipment',
    preparingAt: state === 'paid' || state === 'unpaid' ? null : hours(-2),
    receiverName: OLD.name,
    receiverPhone: OLD.phone,
    receiverAddress: OLD.address,
  };
}

function request(over: Partial<AddressChangeRecord> = {}): AddressChangeRecord {
  return {
    id: 40,
    orderId: 1,
    shopperId: SHOPPER.id,
    shopId: 3,
    status: 'pending',
    fromName: OLD.name,
    fromPhone: OLD.phone,
    fromAddress: OLD.address,
    toName: NEW.name,
    toPhone: NEW.phone,
    toAddress: NEW.address,
    requestedBy: SHOPPER.id,
    requestedRole: 'shopper',
    requestedAt: hours(-1),
    slaDeadline: hours(23),
    decidedBy: null,
    decidedRole: null,
    decidedAt: null,
    decisionReason: null,
    ...over,
  };
}

function facts(state: State, over: Partial<AddressChangeFacts> = {}): AddressChangeFacts {
  return {
    order: orderIn(state),
    request:
      state === 'request_pending'
        ? request()
        : state === 'request_refused'
          ? request({ status: 'refused', decisionReason: '已打包' })
          : null,
    slaHours: 24,
    newId: 41,
    actor: SHOPPER,
    now: NOW,
    ...over,
  };
}

function refusal(f: () => unknown): DomainErrorCode | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

const change: AddressChangeCommand = { kind: 'change', address: NEW };

describe('the shopper changes the address: every order state', () => {
  const table: [State, string][] = [
    ['unpaid', 'ADDRESS_CHANGE_NOT_ALLOWED'],
    ['paid', 'applied'],
    ['preparing', 'requested'],
    ['request_pending', 'ADDRESS_CHANGE_PENDING'],
    ['request_refused', 'requested'],
    ['shipped', 'ADDRESS_CHANGE_SHIPPED'],
    ['completed', 'ADDRESS_CHANGE_SHIPPED'],
    ['cancelled', 'ADDRESS_CHANGE_NOT_ALLOWED'],
  ];
  it.each(table)('%s → %s', (state, expected) => {
    const f = facts(state);
    const code = refusal(() => planAddressChange(f, change));
    if (code) return expect(code).toBe(expected);
    expect(planAddressChange(f, change).outcome).toBe(expected);
  });

  it('agrees with assessAddressChange, which the order page asks', () => {
    for (const [state, expected] of table) {
      const f = facts(state);
      const a = assessAddressChange(f.order, f.request?.status === 'pending');
      const said = 'mode' in a ? (a.mode === 'instant' ? 'applied' : 'requested') : a.blockedBy;
      expect(said, state).toBe(expected);
    }
  });
});

describe('applied at once (待发货, not preparing)', () => {
  const plan = planAddressChange(facts('paid'), change);
  it('writes the new address on the order and an applied record of both addresses', () => {
    expect(plan.orderAddress).toEqual(NEW);
    expect(plan.newRecord).toMatchObject({
      id: 41,
      status: 'applied',
      fromAddress: OLD.address,
      toAddress: NEW.address,
      slaDeadline: null,
      requestedRole: 'shopper',
    });
    expect(plan.after.address).toEqual(NEW);
  });
  it('records timeline, audit and the address_changed event (no request, no deadline job)', () => {
    expect(plan.timeline.map((t) => t.kind)).toEqual(['address.changed']);
    expect(plan.audit[0]).toMatchObject({ action: 'order.address_change', entityId: 41 });
    expect(plan.events.map((e) => e.topic)).toEqual(['order.address_changed']);
  });
});

describe('a request while preparing', () => {
  const plan = planAddressChange(facts('preparing'), change);
  it('leaves the order as it is and opens a request with the SLA deadline', () => {
    expect(plan.orderAddress).toBeNull();
    expect(plan.after.address).toEqual(OLD);
    expect(plan.newRecord).toMatchObject({ status: 'pending', slaDeadline: hours(24) });
  });
  it('tells the merchant and schedules the deadline job at the deadline', () => {
    expect(plan.events).toEqual([
      { topic: 'address_change.requested', payload: { orderId: 1, requestId: 41 } },
      { topic: 'address_change.request_timeout', payload: { requestId: 41 }, runAt: hours(24) },
      { topic: 'address_change.request_reminder', payload: { requestId: 41 }, runAt: hours(22) },
    ]);
    expect(plan.timeline[0]?.kind).toBe('address.change_requested');
  });
  it('reminds the shop two hours before the deadline, as 申请取消 does; none when the SLA is that short', () => {
    const reminderOf = (slaHours: number) =>
      planAddressChange(facts('preparing', { slaHours }), change).events.find(
        (e) => e.topic === 'address_change.request_reminder',
      );
    expect(reminderOf(48)?.runAt).toEqual(hours(46));
    expect(reminderOf(2)).toBeUndefined();
    expect(reminderOf(1)).toBeUndefined();
  });
});

describe('the address is validated like checkout', () => {
  const table: [string, DeliveryAddress, DomainErrorCode | DeliveryAddress][] = [
    [
      'trimmed, +86 and spaces dropped',
      { name: ' 王五 ', phone: '+86 139 0000 0003', address: ' 广州市天河区体育西路 1 号 ' },
      { name: '王五', phone: '13900000003', address: '广州市天河区体育西路 1 号' },
    ],
    ['blank name', { ...NEW, name: '  ' }, 'ADDRESS_INVALID'],
    ['name over 40', { ...NEW, name: '名'.repeat(41) }, 'ADDRESS_INVALID'],
    ['address under 5', { ...NEW, address: '北京' }, 'ADDRESS_INVALID'],
    ['address over 200', { ...NEW, address: '路'.repeat(201) }, 'ADDRESS_INVALID'],
    ['not a mainland mobile', { ...NEW, phone: '12345678901' }, 'INVALID_MOBILE'],
  ];
  it.each(table)('%s', (_name, input, expected) => {
    if (typeof expected === 'string')
      expect(refusal(() => normaliseDeliveryAddress(input))).toBe(expected);
    else expect(normaliseDeliveryAddress(input)).toEqual(expected);
  });

  it('the same address again is refused (after normalising)', () => {
    const same = { ...OLD, phone: `+86 ${OLD.phone}` };
    expect(refusal(() => planAddressChange(facts('paid'), { kind: 'change', address: same }))).toBe(
      'ADDRESS_UNCHANGED',
    );
  });
});

describe('decisions on a pending request', () => {
  const decide = (
    d: 'accept' | 'refuse' | 'timeout',
    over: Partial<AddressChangeFacts> = {},
    reason = '已打包完毕',
  ) =>
    planAddressChange(
      facts('request_pending', { actor: d === 'timeout' ? SYSTEM : MERCHANT, ...over }),
      d === 'refuse'
        ? { kind: 'decide', requestId: 40, decision: 'refuse', reason }
        : { kind: 'decide', requestId: 40, decision: d },
    );

  const table: [
    string,
    () => ReturnType<typeof decide>,
    string,
    DeliveryAddress | null,
    string | null,
  ][] = [
    ['accept', () => decide('accept'), 'accepted', NEW, 'address.change_accepted'],
    ['refuse', () => decide('refuse'), 'refused', null, 'address.change_refused'],
    [
      'timeout at the deadline',
      () => decide('timeout', { now: hours(23) }),
      'auto_accepted',
      NEW,
      'address.change_auto_accepted',
    ],
    ['timeout before the deadline', () => decide('timeout'), 'not_due', null, null],
  ];
  it.each(table)('%s → %s', (_n, run, outcome, address, kind) => {
    const plan = run();
    expect(plan.outcome).toBe(outcome);
    expect(plan.orderAddress).toEqual(address);
    expect(plan.timeline.map((t) => t.kind)).toEqual(kind ? [kind] : []);
    if (outcome !== 'not_due') {
      expect(plan.decision?.status).toBe(outcome);
      expect(plan.after.request?.status).toBe(outcome);
      expect(plan.events[0]).toMatchObject({ topic: 'address_change.decided' });
      expect(plan.events.some((e) => e.topic === 'order.address_changed')).toBe(address !== null);
    }
  });

  it('refusing needs a reason (1-200 characters)', () => {
    expect(refusal(() => decide('refuse', {}, '  '))).toBe('ADDRESS_CHANGE_REFUSE_REASON_REQUIRED');
    expect(refusal(() => decide('refuse', {}, '因'.repeat(201)))).toBe(
      'ADDRESS_CHANGE_REFUSE_REASON_REQUIRED',
    );
    expect(decide('refuse', {}, '因'.repeat(200)).decision?.decisionReason).toHaveLength(200);
  });

  it('a decided request is not decided again; another request is not found', () => {
    const decided = { request: request({ status: 'accepted' as const }) };
    expect(refusal(() => decide('accept', decided))).toBe('ADDRESS_CHANGE_REQUEST_DECIDED');
    expect(refusal(() => decide('timeout', { ...decided, now: hours(30) }))).toBe(
      'ADDRESS_CHANGE_REQUEST_DECIDED',
    );
    expect(refusal(() => decide('accept', { request: request({ id: 99 }) }))).toBe(
      'ADDRESS_CHANGE_REQUEST_NOT_FOUND',
    );
    expect(refusal(() => decide('accept', { request: null }))).toBe(
      'ADDRESS_CHANGE_REQUEST_NOT_FOUND',
    );
  });

  it('a request whose order was cancelled meanwhile is not decided', () => {
    const cancelled = { ...orderIn('cancelled') };
    expect(refusal(() => decide('accept', { order: cancelled }))).toBe(
      'ADDRESS_CHANGE_NOT_ALLOWED',
    );
  });
});
