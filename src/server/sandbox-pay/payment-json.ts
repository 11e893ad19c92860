import type { PaymentChannel, PaymentRecord, PaymentStatus } from './model.js';

/** The payment as the HTTP API and webhooks show it (snake_case, like real providers). */
export interface PaymentJson {
  id: string;
  status: PaymentStatus;
  amount_fen: number;
  currency: 'CNY';
  channel: PaymentChannel | null;
  merchant_order_no: string;
  description: string;
  pay_url: string;
  created_at: string;
  succeeded_at: string | null;
  voided_at: string | null;
}

export function payUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/pay/${encodeURIComponent(id)}`;
}

export function toPaymentJson(p: PaymentRecord, publicUrl: string): PaymentJson {
  return {
    id: p.id,
    status: p.status,
    amount_fen: p.amountFen,
    currency: p.currency,
    channel: p.channel,
    merchant_order_no: p.merchantOrderNo,
    description: p.description,
    pay_url: payUrl(publicUrl, p.id),
    created_at: p.createdAt,
    succeeded_at: p.succeededAt,
    voided_at: p.voidedAt,
  };
}
