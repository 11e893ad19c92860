import type { AddressChangeView } from '../../../contracts/address-change.js';
import type { AddressChangeRecord } from '../../../domain/address-change.js';

/** A request as the shopper's order page and the merchant's queue show it. */
export function addressChangeView(r: AddressChangeRecord, orderNo: string): AddressChangeView {
  return {
    id: r.id,
    orderNo,
    status: r.status,
    from: { name: r.fromName, phone: r.fromPhone, address: r.fromAddress },
    to: { name: r.toName, phone: r.toPhone, address: r.toAddress },
    requestedAt: r.requestedAt.toISOString(),
    slaDeadline: r.slaDeadline?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
  };
}
