import { z } from 'zod';
import { isoDateTime } from './common.js';
import { addressInput } from './orders.js';

const text = z.object({ zh: z.string(), en: z.string() });
const address = z.object({ name: z.string(), phone: z.string(), address: z.string() });

/** 修改地址: the new delivery address, checked as at checkout. */
export const addressChangeRequest = z.strictObject({ address: addressInput });

export const addressChangeView = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  status: z.enum(['applied', 'pending', 'accepted', 'refused', 'auto_accepted']),
  from: address,
  to: address,
  requestedAt: isoDateTime,
  /** When the merchant must have answered; null for a change applied at once. */
  slaDeadline: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  decisionReason: z.string().nullable(),
});
export type AddressChangeView = z.infer<typeof addressChangeView>;

/** What the order page offers: at once, as a request, or why not; and the latest change. */
export const addressChangeOptions = z.object({
  mode: z.enum(['instant', 'request']).nullable(),
  blockedBy: z.string().nullable(),
  blockedText: text.nullable(),
  requestSlaHours: z.number().int(),
  current: address,
  latest: addressChangeView.nullable(),
});
export type AddressChangeOptions = z.infer<typeof addressChangeOptions>;

export const addressChangeResponse = z.object({
  result: z.enum(['applied', 'requested', 'accepted', 'refused', 'auto_accepted']),
  receiver: address,
  request: addressChangeView,
});
export type AddressChangeResponse = z.infer<typeof addressChangeResponse>;

export const addressDecisionRequest = z.strictObject({
  decision: z.enum(['accept', 'refuse']),
  reason: z.string().trim().max(200).optional(),
});

export const merchantAddressQueue = z.object({ items: z.array(addressChangeView) });
export type MerchantAddressQueue = z.infer<typeof merchantAddressQueue>;
