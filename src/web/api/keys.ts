// TanStack Query keys, in one place so mutations invalidate exactly what they change.
import type { OrderTabName } from '../../contracts/index.js';

export const qk = {
  session: ['session'] as const,
  shops: ['shops'] as const,
  products: (q: string, shopId: number | undefined) => ['products', q, shopId ?? null] as const,
  product: (id: number) => ['product', id] as const,
  cart: ['cart'] as const,
  ordersRoot: ['orders'] as const,
  orders: (tab: OrderTabName, q: string) => ['orders', 'list', tab, q] as const,
  orderCounts: ['orders', 'counts'] as const,
  order: (orderNo: string) => ['orders', 'detail', orderNo] as const,
  merchantRoot: ['merchant'] as const,
  merchantOrders: (status: string, q: string) => ['merchant', 'orders', status, q] as const,
  merchantOrder: (orderNo: string) => ['merchant', 'order', orderNo] as const,
  mailbox: (recipient: string) => ['staff', 'mailbox', recipient] as const,
  /** Cancellation options of one order (and the refund preview for `lines`, '' = whole order). */
  cancellationRoot: ['cancellation'] as const,
  cancellation: (orderNo: string, lines: string) => ['cancellation', orderNo, lines] as const,
  merchantCancellationRequests: ['merchant', 'cancellation-requests'] as const,
  /** 修改地址: the shopper's options per order and state; the merchant's open requests. */
  addressChangeRoot: ['address-change'] as const,
  addressChange: (orderNo: string, state: string) => ['address-change', orderNo, state] as const,
  merchantAddressRequests: ['merchant', 'address-change-requests'] as const,
  /** 申请价保: the quote of one order (today's prices, so asked again on every visit). */
  priceProtectionRoot: ['price-protection'] as const,
  priceProtection: (orderNo: string) => ['price-protection', orderNo] as const,
  cancellationSettings: ['ops', 'settings', 'cancellation'] as const,
  /** The shopper's account standing (取消次数). */
  standing: ['me', 'standing'] as const,
  /** The shopper's refunds: per order ('' = all of them) and one by id. */
  refundsRoot: ['refunds'] as const,
  refunds: (orderNo: string) => ['refunds', 'list', orderNo] as const,
  refund: (id: number) => ['refunds', 'detail', id] as const,
  /** 退款审核 in the staff console, by who looks (operator or merchant) and tab. */
  staffRefundsRoot: ['staff', 'refunds'] as const,
  /** 优惠券 in the console: the coupons an operator or a merchant created. */
  staffCoupons: (desk: string) => ['staff', 'coupons', desk] as const,
  staffRefunds: (scope: string, status: string) => ['staff', 'refunds', scope, status] as const,
  /** 补偿 / 线下退款: what staff may still refund on one order, per console. */
  staffRefundOptionsRoot: (orderNo: string) => ['staff', 'refund-options', orderNo] as const,
  staffRefundOptions: (scope: string, orderNo: string) =>
    ['staff', 'refund-options', orderNo, scope] as const,
  /** 消息中心: the in-app notices (list pages and the unread count) and notice preferences. */
  noticesRoot: ['notices'] as const,
  noticeList: ['notices', 'list'] as const,
  noticeUnread: ['notices', 'unread'] as const,
  noticePreferences: ['me', 'notice-preferences'] as const,
  /** 发送失败 in the staff console: email / SMS notices that used up their retries. */
  failedNotices: ['staff', 'notices', 'failed'] as const,
  /** 对账: the runs per channel and day, and one day's mismatches. */
  statementsRoot: ['staff', 'statements'] as const,
  statementRuns: ['staff', 'statements', 'list'] as const,
  statementRun: (provider: string, day: string) =>
    ['staff', 'statements', 'run', provider, day] as const,
  /** Refunds a channel reported that match no payment of ours (made in its own dashboard). */
  unmatchedProviderRefunds: ['staff', 'statements', 'unmatched-refunds'] as const,
  /** 售后: the shopper's options per order and cases; the merchant's queue by status. */
  afterSalesRoot: ['after-sales'] as const,
  afterSalesOptions: (orderNo: string) => ['after-sales', 'options', orderNo] as const,
  afterSalesMine: ['after-sales', 'mine'] as const,
  merchantAfterSales: (status: string) => ['after-sales', 'merchant', status] as const,
};
