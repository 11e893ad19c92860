// Changing the delivery address of a 待发货 order, as one pure function from what was loaded
// under the order's lock to a complete description of the change:
//
//   command          who        order                          outcome
//   change           shopper    待发货, not preparing          applied (at once)
//   change           shopper    待发货, 备货中                 requested (the merchant decides)
//   change           shopper    shipped, completed             refused: ADDRESS_CHANGE_SHIPPED
//   change           shopper    unpaid, cancelled              refused: ADDRESS_CHANGE_NOT_ALLOWED
//   decide accept    merchant   待发货, request pending        accepted
//   decide refuse    merchant   待发货, request pending        refused (with the merchant's reason)
//   decide timeout   SLA job    待发货, request pending, due   auto_accepted
//
// At the deadline an unanswered request is accepted, as an unanswered 申请取消 is approved, and
// with the same operator setting (requestSlaHours): the merchant cannot ship while a request is
// pending, so a silent merchant has not sent the goods anywhere yet. Refusals throw DomainError.

import type { Actor, AuditRecord, TimelineRecord } from './change-records.js';
import { timelineRecord } from './change-records.js';
import { DomainError } from './errors.js';
import type { OrderStatus } from './order-status.js';
import { requestReminderAt } from './request-reminder.js';
import { isMainlandMobile, normaliseMobile } from './validation.js';

export interface DeliveryAddress {
  name: string;
  phone: string;
  address: string;
}

/** The order as locked: the columns the rules read. */
export interface AddressChangeOrder {
  id: number;
  shopperId: number;
  shopId: number;
  status: OrderStatus;
  preparingAt: Date | null;
  receiverName: string;
  receiverPhone: string;
  receiverAddress: string;
}

export type AddressChangeStatus = 'applied' | 'pending' | 'accepted' | 'refused' | 'auto_accepted';

/** An address_change_requests row. */
export interface AddressChangeRecord {
  id: number;
  orderId: number;
  shopperId: number;
  shopId: number;
  status: AddressChangeStatus;
  fromName: string;
  fromPhone: string;
  fromAddress: string;
  toName: string;
  toPhone: string;
  toAddress: string;
  requestedBy: number | null;
  requestedRole: string;
  requestedAt: Date;
  slaDeadline: Date | null;
  decidedBy: number | null;
  decidedRole: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export type AddressChangeCommand =
  | { kind: 'change'; address: DeliveryAddress }
  | { kind: 'decide'; requestId: number; decision: 'accept' | 'timeout' }
  | { kind: 'decide'; requestId: number; decision: 'refuse'; reason: string };

export interface AddressChangeFacts {
  order: AddressChangeOrder;
  /** The order's pending request; for a decision, the request being decided (any status). */
  request: AddressChangeRecord | null;
  /** Operator setting shared with 申请取消: hours the merchant has to answer. */
  slaHours: number;
  /** The id a new row will carry (taken from its sequence while loading). */
  newId: number | null;
  actor: Actor;
  now: Date;
}

export type AddressChangeOutcome =
  'applied' | 'requested' | 'accepted' | 'refused' | 'auto_accepted' | 'not_due';

export type AddressChangeEvent =
  | { topic: 'address_change.requested'; payload: { orderId: number; requestId: number } }
  | { topic: 'address_change.request_timeout'; payload: { requestId: number }; runAt: Date }
  | { topic: 'address_change.request_reminder'; payload: { requestId: number }; runAt: Date }
  | {
      topic: 'address_change.decided';
      payload: {
        orderId: number;
        requestId: number;
        status: 'accepted' | 'refused' | 'auto_accepted';
      };
    }
  | {
      topic: 'order.address_changed';
      payload: {
        orderId: number;
        requestId: number;
        how: 'applied' | 'accepted' | 'auto_accepted';
      };
    };

export interface AddressDecision {
  id: number;
  status: 'accepted' | 'refused' | 'auto_accepted';
  decidedAt: Date;
  decidedBy: number | null;
  decidedRole: string;
  decisionReason: string | null;
}

export interface AddressChangePlan {
  outcome: AddressChangeOutcome;
  newRecord: AddressChangeRecord | null;
  decision: AddressDecision | null;
  /** The address to write on the order; null when it stays. */
  orderAddress: DeliveryAddress | null;
  timeline: TimelineRecord[];
  audit: AuditRecord[];
  events: AddressChangeEvent[];
  /** The order's address and the request as they are once the plan is written. */
  after: { address: DeliveryAddress; request: AddressChangeRecord | null };
}

export const ADDRESS_LIMITS = { name: 40, phoneMin: 11, phoneMax: 20, addressMin: 5, address: 200 };
export const REFUSE_REASON_MAX = 200;

/** The address as checkout takes it: trimmed, the mobile normalised; refused when incomplete. */
export function normaliseDeliveryAddress(a: DeliveryAddress): DeliveryAddress {
  const name = a.name.trim();
  const address = a.address.trim();
  const phone = normaliseMobile(a.phone.trim());
  const len = (s: string) => [...s].length;
  if (len(name) < 1 || len(name) > ADDRESS_LIMITS.name) throw new DomainError('ADDRESS_INVALID');
  if (len(address) < ADDRESS_LIMITS.addressMin || len(address) > ADDRESS_LIMITS.address)
    throw new DomainError('ADDRESS_INVALID');
  if (!isMainlandMobile(phone)) throw new DomainError('INVALID_MOBILE');
  return { name, phone, address };
}

export type AddressChangeMode = 'instant' | 'request';

/**
 * Whether the shopper may change the address now, and how: at once before the merchant starts
 * preparing, as a request while preparing; never once shipped, nor while a request is open.
 */
export function assessAddressChange(
  order: Pick<AddressChangeOrder, 'status' | 'preparingAt'>,
  pendingRequest: boolean,
): { mode: AddressChangeMode } | { blockedBy: DomainErrorCodeOf } {
  if (order.status === 'shipped' || order.status === 'completed')
    return { blockedBy: 'ADDRESS_CHANGE_SHIPPED' };
  if (order.status !== 'awaiting_shipment') return { blockedBy: 'ADDRESS_CHANGE_NOT_ALLOWED' };
  if (pendingRequest) return { blockedBy: 'ADDRESS_CHANGE_PENDING' };
  return { mode: order.preparingAt === null ? 'instant' : 'request' };
}

type DomainErrorCodeOf =
  'ADDRESS_CHANGE_SHIPPED' | 'ADDRESS_CHANGE_NOT_ALLOWED' | 'ADDRESS_CHANGE_PENDING';

function currentAddress(o: AddressChangeOrder): DeliveryAddress {
  return { name: o.receiverName, phone: o.receiverPhone, address: o.receiverAddress };
}

function toAddress(r: AddressChangeRecord): DeliveryAddress {
  return { name: r.toName, phone: r.toPhone, address: r.toAddress };
}

function sameAddress(a: DeliveryAddress, b: DeliveryAddress): boolean {
  return a.name === b.name && a.phone === b.phone && a.address === b.address;
}

export function planAddressChange(
  facts: AddressChangeFacts,
  command: AddressChangeCommand,
): AddressChangePlan {
  return command.kind === 'change'
    ? planChange(facts, command.address)
    : planDecision(facts, command);
}

function planChange(facts: AddressChangeFacts, raw: DeliveryAddress): AddressChangePlan {
  const { order, actor, now } = facts;
  const pending = facts.request?.status === 'pending';
  const assessed = assessAddressChange(order, pending);
  if ('blockedBy' in assessed) throw new DomainError(assessed.blockedBy, { status: order.status });
  const to = normaliseDeliveryAddress(raw);
  const from = currentAddress(order);
  if (sameAddress(from, to)) throw new DomainError('ADDRESS_UNCHANGED');
  if (facts.newId === null) throw new Error('address change planned without an id');
  const id = facts.newId;
  const instant = assessed.mode === 'instant';
  const slaDeadline = instant ? null : new Date(now.getTime() + facts.slaHours * 3_600_000);
  const record: AddressChangeRecord = {
    id,
    orderId: order.id,
    shopperId: order.shopperId,
    shopId: order.shopId,
    status: instant ? 'applied' : 'pending',
    fromName: from.name,
    fromPhone: from.phone,
    fromAddress: from.address,
    toName: to.name,
    toPhone: to.phone,
    toAddress: to.address,
    requestedBy: actor.id,
    requestedRole: actor.role,
    requestedAt: now,
    slaDeadline,
    decidedBy: null,
    decidedRole: null,
    decidedAt: null,
    decisionReason: null,
  };
  const audit: AuditRecord = {
    actorId: actor.id,
    actorRole: actor.role,
    action: instant ? 'order.address_change' : 'order.address_change_request',
    entityType: 'address_change',
    entityId: id,
    orderId: order.id,
    before: from,
    after: { status: record.status, to, slaDeadline },
  };
  if (instant) {
    return {
      outcome: 'applied',
      newRecord: record,
      decision: null,
      orderAddress: to,
      timeline: [timelineRecord(order.id, 'address.changed', actor, now, { requestId: id, to })],
      audit: [audit],
      events: [
        {
          topic: 'order.address_changed',
          payload: { orderId: order.id, requestId: id, how: 'applied' },
        },
      ],
      after: { address: to, request: record },
    };
  }
  return {
    outcome: 'requested',
    newRecord: record,
    decision: null,
    orderAddress: null,
    timeline: [
      timelineRecord(order.id, 'address.change_requested', actor, now, {
        requestId: id,
        to,
        slaDeadline: slaDeadline?.toISOString(),
      }),
    ],
    audit: [audit],
    events: [
      { topic: 'address_change.requested', payload: { orderId: order.id, requestId: id } },
      {
        topic: 'address_change.request_timeout',
        payload: { requestId: id },
        runAt: slaDeadline ?? now,
      },
      ...reminder(id, now, slaDeadline),
    ],
    after: { address: from, request: record },
  };
}

/** The shop's staff are reminded before silence accepts the request, as for 申请取消. */
function reminder(requestId: number, now: Date, slaDeadline: Date | null): AddressChangeEvent[] {
  const at = slaDeadline && requestReminderAt(now, slaDeadline);
  return at
    ? [{ topic: 'address_change.request_reminder', payload: { requestId }, runAt: at }]
    : [];
}

function planDecision(
  facts: AddressChangeFacts,
  command: Extract<AddressChangeCommand, { kind: 'decide' }>,
): AddressChangePlan {
  const { order, actor, now } = facts;
  const r = facts.request;
  if (!r || r.id !== command.requestId || r.orderId !== order.id)
    throw new DomainError('ADDRESS_CHANGE_REQUEST_NOT_FOUND');
  if (r.status !== 'pending') throw new DomainError('ADDRESS_CHANGE_REQUEST_DECIDED');
  // A request outlived by its order (cancelled meanwhile) is not decided: nothing to deliver.
  if (order.status !== 'awaiting_shipment')
    throw new DomainError('ADDRESS_CHANGE_NOT_ALLOWED', { status: order.status });
  const from = currentAddress(order);
  const noChange: AddressChangePlan = {
    outcome: 'not_due',
    newRecord: null,
    decision: null,
    orderAddress: null,
    timeline: [],
    audit: [],
    events: [],
    after: { address: from, request: r },
  };
  if (command.decision === 'timeout' && r.slaDeadline && now.getTime() < r.slaDeadline.getTime())
    return noChange;
  let reason: string | null = null;
  if (command.decision === 'refuse') {
    reason = command.reason.trim();
    if (reason === '' || [...reason].length > REFUSE_REASON_MAX)
      throw new DomainError('ADDRESS_CHANGE_REFUSE_REASON_REQUIRED');
  }
  const status =
    command.decision === 'accept'
      ? 'accepted'
      : command.decision === 'refuse'
        ? 'refused'
        : 'auto_accepted';
  const decision: AddressDecision = {
    id: r.id,
    status,
    decidedAt: now,
    decidedBy: actor.id,
    decidedRole: actor.role,
    decisionReason: reason,
  };
  const decided: AddressChangeRecord = { ...r, ...decision };
  const applies = status !== 'refused';
  const to = toAddress(r);
  const kind = applies
    ? status === 'accepted'
      ? 'address.change_accepted'
      : 'address.change_auto_accepted'
    : 'address.change_refused';
  const events: AddressChangeEvent[] = [
    { topic: 'address_change.decided', payload: { orderId: order.id, requestId: r.id, status } },
  ];
  if (applies)
    events.push({
      topic: 'order.address_changed',
      payload: { orderId: order.id, requestId: r.id, how: status },
    });
  return {
    outcome: status,
    newRecord: null,
    decision,
    orderAddress: applies ? to : null,
    timeline: [
      timelineRecord(
        order.id,
        kind,
        actor,
        now,
        applies ? { requestId: r.id, to } : { requestId: r.id, reason },
      ),
    ],
    audit: [
      {
        actorId: actor.id,
        actorRole: actor.role,
        action: `address_change.${command.decision}`,
        entityType: 'address_change',
        entityId: r.id,
        orderId: order.id,
        before: { status: 'pending', address: from },
        after: { status, address: applies ? to : from, reason },
      },
    ],
    events,
    after: { address: applies ? to : from, request: decided },
  };
}
