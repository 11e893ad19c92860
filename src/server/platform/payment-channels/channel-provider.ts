/**
 * What the app will code against for real money: one adapter per payment channel (Alipay,
 * WeChat Pay, UnionPay), each speaking its provider's own protocol. Unlike the sandbox's
 * `PaymentProvider`, payments and refunds are named by OUR references (the provider's
 * `out_trade_no` / `out_refund_no` are ours), since every provider looks them up that way and a
 * retry after a timeout must reach the same record. This folder imports nothing else of the
 * project, so it can live wherever the modules that need it can reach it.
 */

/**
 * Not reached, timed out, 5xx, or an answer whose signature did not verify: the request may or
 * may not have been applied, so retry with the same references.
 */
export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
}

/** The provider refused; the same request will be refused again. */
export class ChannelRejectedError extends Error {
  override readonly name = 'ChannelRejectedError';
  constructor(
    public readonly code: string,
    message: string,
    public readonly status?: number,
  ) {
    super(message);
  }
}

export type ProviderName = 'alipay' | 'wechatpay' | 'unionpay';

export const PROVIDER_NAMES: readonly ProviderName[] = ['alipay', 'wechatpay', 'unionpay'];

/** Where checkout sends the shopper: a desktop page (QR on screen) or a phone browser. */
export type PayScene = 'desktop' | 'mobile';

export interface StartPaymentInput {
  /** Our payment reference (`out_trade_no` / `orderId`); one per payment attempt. */
  merchantOrderNo: string;
  amountFen: number;
  description: string;
  /** Where the provider sends the shopper back after paying (not proof of payment). */
  returnUrl: string;
  /** Our notify route for this provider. */
  notifyUrl: string;
  /** The provider closes the trade itself at this time (our unpaid timeout). */
  expiresAt: Date;
  scene: PayScene;
  /** WeChat H5 requires the shopper's address. */
  clientIp?: string;
  /** Time the payment was first requested; UnionPay names a transaction by orderId + txnTime. */
  requestedAt: Date;
}

/**
 * How checkout hands the shopper over: `redirect` to a URL, `qr` content to render as a code
 * (WeChat Native), or an auto-submitting `form` (UnionPay's front gateway takes a signed POST).
 */
export type PaymentHandoff =
  | { kind: 'redirect'; url: string }
  | { kind: 'qr'; content: string }
  | { kind: 'form'; action: string; fields: Record<string, string> };

/**
 * `succeeded` and `refunded` both mean the shopper's money was taken; `refunded` says refunds
 * followed (WeChat: any refund; Alipay: the whole amount, which closes the trade). `closed`:
 * never paid and can no longer be.
 */
export type ChannelPaymentStatus = 'pending' | 'succeeded' | 'closed' | 'refunded';

export function moneyTaken(status: ChannelPaymentStatus): boolean {
  return status === 'succeeded' || status === 'refunded';
}

export interface ChannelPayment {
  provider: ProviderName;
  merchantOrderNo: string;
  /** The provider's trade number (`trade_no`, `transaction_id`, UnionPay `queryId`). */
  providerTradeNo: string | null;
  status: ChannelPaymentStatus;
  /** What the shopper paid, as the provider reports it (null while unpaid, when not reported). */
  amountFen: number | null;
  paidAt: Date | null;
}

/** One refunded line, sent where the provider's API takes them (WeChat, Alipay). */
export interface RefundLine {
  merchantGoodsId: string;
  name: string;
  unitPriceFen: number;
  quantity: number;
  refundFen: number;
}

export interface ChannelRefundInput {
  /**
   * Our refund's idempotency key: Alipay `out_request_no`, WeChat `out_refund_no`, UnionPay
   * `orderId` (derived). Same key → the same refund at the provider, never a second one.
   */
  idempotencyKey: string;
  /** The payment being refunded. */
  payment: PaymentReference;
  amountFen: number;
  reason: string;
  notifyUrl: string;
  lines?: readonly RefundLine[];
  /** Time the refund was first submitted under this key (UnionPay's txnTime). */
  requestedAt: Date;
}

/** How a payment is found at its provider. */
export interface PaymentReference {
  merchantOrderNo: string;
  /** Needed by UnionPay (`origQryId`); optional elsewhere. */
  providerTradeNo?: string | null;
  /** What was paid; WeChat's refund call takes the payment's total. */
  amountFen: number;
  /** When it was requested (UnionPay queries by orderId + txnTime). */
  requestedAt: Date;
}

export type ChannelRefundStatus = 'processing' | 'succeeded' | 'failed';

export interface ChannelRefund {
  provider: ProviderName;
  idempotencyKey: string;
  merchantOrderNo: string;
  /**
   * The refunded payment's trade number at the provider (UnionPay's origQryId), for a refund
   * whose notify does not carry our merchantOrderNo (one UnionPay made itself).
   */
  originalTradeNo?: string | null;
  providerRefundId: string | null;
  /** null when the provider does not say (Alipay's notify): ask `queryRefund`. */
  amountFen: number | null;
  status: ChannelRefundStatus;
  /** e.g. `abnormal` (card frozen or closed: needs a new destination), `closed`. */
  failureReason: string | null;
  settledAt: Date | null;
}

export interface RefundQuery {
  idempotencyKey: string;
  payment: PaymentReference;
  requestedAt: Date;
}

/** An incoming provider notify, as received: the raw body and the headers. */
export interface NotifyRequest {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A notify whose signature, application and merchant were checked. */
export type ChannelNotify =
  | { kind: 'payment'; eventId: string; payment: ChannelPayment }
  | {
      /**
       * A refund's state changed. Its key may not be one of ours: a refund made in the
       * provider's merchant dashboard is notified too (record it, or list it for staff).
       */
      kind: 'refund';
      eventId: string;
      refund: ChannelRefund;
      /** The trade's refunded total, where the notify gives that instead of the refund's amount. */
      refundedTotalFen: number | null;
    };

export type NotifyRefusal =
  | 'bad_signature'
  | 'malformed'
  | 'stale'
  | 'wrong_merchant'
  | 'amount_mismatch'
  | 'unknown_payment';

/** A notify that must not be applied; answer it with `notifyAnswer(false)`. */
export class NotifyRefusedError extends Error {
  override readonly name = 'NotifyRefusedError';
  constructor(
    public readonly reason: NotifyRefusal,
    detail?: string,
  ) {
    super(`Refused provider notify: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

/** What our notify route sends back, in the provider's own format. */
export interface NotifyAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** One line of a provider's daily statement (对账单). Amounts in fen, positive. */
export interface StatementLine {
  provider: ProviderName;
  kind: 'payment' | 'refund';
  merchantOrderNo: string;
  providerTradeNo: string;
  /** For refunds: our idempotency key as the provider lists it (or the dashboard's number). */
  refundKey: string | null;
  amountFen: number;
  /** The provider's fee on this line, signed as the statement lists it; null when not listed. */
  feeFen: number | null;
  at: Date;
}

/** Where a refund goes after the original card refused it (WeChat's abnormal refund). */
export type NewRefundDestination =
  | {
      type: 'bank_card';
      /** WeChat's bank code, e.g. ICBC_DEBIT. */
      bankType: string;
      accountNo: string;
      holderName: string;
    }
  /** The merchant pays the shopper back by other means from its own bank account. */
  | { type: 'merchant_bank_card' };

export interface ChannelProvider {
  readonly name: ProviderName;
  startPayment(input: StartPaymentInput): Promise<PaymentHandoff>;
  queryPayment(payment: PaymentReference): Promise<ChannelPayment>;
  /**
   * Closes an unpaid payment (our timeout). Answers the payment's state afterwards: `closed`,
   * or `succeeded` when the shopper paid first — the provider's answer decides that race.
   */
  closePayment(payment: PaymentReference): Promise<ChannelPayment>;
  refund(input: ChannelRefundInput): Promise<ChannelRefund>;
  queryRefund(query: RefundQuery): Promise<ChannelRefund>;
  /** Verifies and decodes a notify; throws NotifyRefusedError. */
  parseNotify(request: NotifyRequest, now: Date): ChannelNotify;
  /** The answer that tells the provider the notify was taken (true) or must be sent again. */
  notifyAnswer(accepted: boolean): NotifyAnswer;
  /**
   * Sends a refund the provider reported failed (`abnormal`) to a new destination, under the
   * same refund, where the provider has such a call (WeChat Pay). Absent: issue a new refund.
   */
  refundToNewDestination?(
    refund: ChannelRefund,
    destination: NewRefundDestination,
  ): Promise<ChannelRefund>;
  /** The statement of one Shanghai calendar day, `YYYY-MM-DD`. */
  downloadStatement(day: string): Promise<StatementLine[]>;
}
