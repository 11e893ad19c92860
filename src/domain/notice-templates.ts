// Every notice a shopper (or, for the merchant_* ones, a shop's staff) can get, in zh-CN and English: a subject, a short text (SMS and in-app)
// and the email body as plain text and HTML. Pure: the caller supplies the facts.

import { formatYuan } from './money.js';
import { groupOrderNo } from './order-number.js';

export const NOTICE_TEMPLATES = [
  'order_placed',
  'order_paid',
  'order_shipped',
  'order_cancelled',
  'order_partially_cancelled',
  'order_timeout_cancelled',
  'cancellation_requested',
  'cancellation_approved',
  'cancellation_rejected',
  'address_change_accepted',
  'address_change_refused',
  'refund_approved',
  'refund_succeeded',
  'refund_failed',
  'refund_rejected',
  'refund_evidence_requested',
  'refund_price_protection',
  'refund_goodwill',
  'refund_offline',
  'after_sales_requested',
  'after_sales_approved',
  'after_sales_return_approved',
  'after_sales_rejected',
  'after_sales_completed',
  'support_replied',
  'merchant_cancellation_requested',
  'merchant_cancellation_reminder',
  'merchant_order_cancelled',
  'merchant_items_cancelled',
  'merchant_address_change_requested',
  'merchant_address_change_reminder',
  'merchant_address_changed',
] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

export interface NoticeFacts {
  orderNo: string;
  /** Absolute link to the order (or refund) page. */
  link: string;
  amountFen?: number;
  carrier?: string;
  trackingNo?: string;
  reason?: string;
  /** Preformatted local date-time, e.g. the request's deadline. */
  deadline?: string;
  /** The subject of the shopper's 留言. */
  topic?: string;
}

export interface RenderedNotice {
  subject: string;
  short: string;
  text: string;
  html: string;
}

type Lang = 'zh' | 'en';
type Copy = (f: NoticeFacts, money: string) => { subject: string; short: string };

type AfterSalesTemplate = Extract<NoticeTemplate, `after_sales_${string}`>;

const AFTER_SALES_COPY: Record<AfterSalesTemplate, Record<Lang, Copy>> = {
  after_sales_requested: {
    zh: (f) => ({
      subject: '售后申请已提交',
      short: `订单 ${f.orderNo} 的售后申请已提交，商家会尽快处理，结果将通知您。`,
    }),
    en: (f) => ({
      subject: 'After-sales request received',
      short: `Your after-sales request for order ${f.orderNo} is in. The shop will handle it soon and we will tell you the result.`,
    }),
  },
  after_sales_approved: {
    zh: (f) => ({
      subject: '售后申请已同意',
      short: `订单 ${f.orderNo} 的仅退款申请已同意，退款将原路退回。`,
    }),
    en: (f) => ({
      subject: 'After-sales request approved',
      short: `Your refund request for order ${f.orderNo} was approved. The money goes back the way you paid.`,
    }),
  },
  after_sales_return_approved: {
    zh: (f) => ({
      subject: '退货申请已同意，请寄回商品',
      short: `订单 ${f.orderNo} 的退货申请已同意。请寄回商品，并在订单页填写快递公司和运单号。`,
    }),
    en: (f) => ({
      subject: 'Return approved: please send the goods back',
      short: `Your return for order ${f.orderNo} was approved. Please send the goods back and enter the carrier and tracking number on the order page.`,
    }),
  },
  after_sales_rejected: {
    zh: (f) => ({
      subject: '售后申请未通过',
      short: `订单 ${f.orderNo} 的售后申请未通过：${f.reason ?? ''}。如有疑问请联系客服。`,
    }),
    en: (f) => ({
      subject: 'After-sales request declined',
      short: `Your after-sales request for order ${f.orderNo} was declined: ${f.reason ?? ''}. Contact customer service if you have questions.`,
    }),
  },
  after_sales_completed: {
    zh: (f, m) => ({
      subject: '售后完成，退款处理中',
      short: `订单 ${f.orderNo} 的售后已完成，退款 ${m} 正在处理。`,
    }),
    en: (f, m) => ({
      subject: 'After-sales done: refund on its way',
      short: `After-sales for order ${f.orderNo} is done. Your refund of ${m} is being processed.`,
    }),
  },
};

type MerchantTemplate = Extract<NoticeTemplate, `merchant_${string}`>;

/** What a shop's staff are told: a request to decide, its reminder, and to stop preparing. */
const MERCHANT_COPY: Record<MerchantTemplate, Record<Lang, Copy>> = {
  merchant_cancellation_requested: {
    zh: (f) => ({
      subject: '新的取消申请待处理',
      short: `订单 ${f.orderNo} 的买家申请取消，请在 ${f.deadline ?? ''} 前同意或拒绝，逾期将自动同意。`,
    }),
    en: (f) => ({
      subject: 'New cancellation request',
      short: `The shopper of order ${f.orderNo} asks to cancel. Approve or reject by ${f.deadline ?? ''}; no answer means approved.`,
    }),
  },
  merchant_cancellation_reminder: {
    zh: (f) => ({
      subject: '取消申请即将超时',
      short: `订单 ${f.orderNo} 的取消申请尚未处理，将于 ${f.deadline ?? ''} 自动同意，请尽快处理。`,
    }),
    en: (f) => ({
      subject: 'Cancellation request about to time out',
      short: `The cancellation request for order ${f.orderNo} is still open and will be approved automatically at ${f.deadline ?? ''}. Please decide soon.`,
    }),
  },
  merchant_order_cancelled: {
    zh: (f) => ({
      subject: '订单已取消，请停止备货',
      short: `已付款订单 ${f.orderNo} 已取消，请立即停止备货，不要发货。`,
    }),
    en: (f) => ({
      subject: 'Order cancelled: stop preparing it',
      short: `Paid order ${f.orderNo} was cancelled. Stop preparing it and do not ship.`,
    }),
  },
  merchant_items_cancelled: {
    zh: (f) => ({
      subject: '部分商品已取消，请调整备货',
      short: `已付款订单 ${f.orderNo} 中的部分商品已取消，请停止备货这些商品，其余照常发货。`,
    }),
    en: (f) => ({
      subject: 'Items cancelled: adjust what you prepare',
      short: `Some items of paid order ${f.orderNo} were cancelled. Stop preparing them; ship the rest as usual.`,
    }),
  },
  merchant_address_change_requested: {
    zh: (f) => ({
      subject: '买家申请修改收货地址',
      short: `订单 ${f.orderNo} 的买家申请修改收货地址，请在 ${f.deadline ?? ''} 前同意或拒绝，处理前不能发货，逾期将自动同意。`,
    }),
    en: (f) => ({
      subject: 'Address change requested',
      short: `The shopper of order ${f.orderNo} asks to change the delivery address. Accept or refuse by ${f.deadline ?? ''}; the order cannot ship until then, and no answer means accepted.`,
    }),
  },
  merchant_address_change_reminder: {
    zh: (f) => ({
      subject: '修改地址申请即将超时',
      short: `订单 ${f.orderNo} 的修改地址申请尚未处理，将于 ${f.deadline ?? ''} 自动同意，请尽快处理。`,
    }),
    en: (f) => ({
      subject: 'Address change request about to time out',
      short: `The address change request for order ${f.orderNo} is still open and will be accepted automatically at ${f.deadline ?? ''}. Please decide soon.`,
    }),
  },
  merchant_address_changed: {
    zh: (f) => ({
      subject: '订单收货地址已修改',
      short: `订单 ${f.orderNo} 的收货地址已修改，请按订单详情中的新地址发货。`,
    }),
    en: (f) => ({
      subject: 'Delivery address changed',
      short: `The delivery address of order ${f.orderNo} has changed. Ship to the new address shown on the order.`,
    }),
  },
};

const COPY: Record<NoticeTemplate, Record<Lang, Copy>> = {
  ...AFTER_SALES_COPY,
  ...MERCHANT_COPY,
  order_placed: {
    zh: (f, m) => ({
      subject: '订单已提交',
      short: `您的订单 ${f.orderNo} 已提交，应付 ${m}，请尽快完成付款。`,
    }),
    en: (f, m) => ({
      subject: 'Order placed',
      short: `Your order ${f.orderNo} is placed. Please pay ${m} soon.`,
    }),
  },
  order_paid: {
    zh: (f, m) => ({
      subject: '付款成功',
      short: `订单 ${f.orderNo} 付款成功（${m}），商家将尽快发货。`,
    }),
    en: (f, m) => ({
      subject: 'Payment received',
      short: `We received ${m} for order ${f.orderNo}. The shop will ship it soon.`,
    }),
  },
  order_shipped: {
    zh: (f) => ({
      subject: '商家已发货',
      short: `订单 ${f.orderNo} 已发货：${f.carrier ?? ''} ${f.trackingNo ?? ''}。`,
    }),
    en: (f) => ({
      subject: 'Your order has shipped',
      short: `Order ${f.orderNo} has shipped: ${f.carrier ?? ''} ${f.trackingNo ?? ''}.`,
    }),
  },
  order_cancelled: {
    zh: (f, m) => ({
      subject: '订单取消成功',
      short: f.amountFen
        ? `订单 ${f.orderNo} 取消成功，${m} 将原路退回。`
        : `订单 ${f.orderNo} 取消成功。`,
    }),
    en: (f, m) => ({
      subject: 'Order cancelled',
      short: f.amountFen
        ? `Order ${f.orderNo} is cancelled. ${m} will be refunded to your original payment method.`
        : `Order ${f.orderNo} is cancelled.`,
    }),
  },
  order_partially_cancelled: {
    zh: (f, m) => ({
      subject: '部分商品取消成功',
      short: `订单 ${f.orderNo} 中的部分商品已取消，${m} 将原路退回，其余商品照常发货。`,
    }),
    en: (f, m) => ({
      subject: 'Items cancelled',
      short: `Some items of order ${f.orderNo} are cancelled; ${m} will be refunded. The rest ships as usual.`,
    }),
  },
  order_timeout_cancelled: {
    zh: (f) => ({ subject: '订单已关闭', short: `订单 ${f.orderNo} 超时未付款，已自动取消。` }),
    en: (f) => ({
      subject: 'Order closed',
      short: `Order ${f.orderNo} was not paid in time and has been cancelled.`,
    }),
  },
  cancellation_requested: {
    zh: (f) => ({
      subject: '取消申请已提交',
      short: `订单 ${f.orderNo} 的取消申请已提交，商家将在 ${f.deadline ?? ''} 前处理，逾期将自动同意。`,
    }),
    en: (f) => ({
      subject: 'Cancellation requested',
      short: `We sent your request to cancel order ${f.orderNo}. The shop answers by ${f.deadline ?? ''}; no answer means approved.`,
    }),
  },
  cancellation_approved: {
    zh: (f) => ({ subject: '取消申请已通过', short: `订单 ${f.orderNo} 的取消申请已通过。` }),
    en: (f) => ({
      subject: 'Cancellation approved',
      short: `Your request to cancel order ${f.orderNo} was approved.`,
    }),
  },
  cancellation_rejected: {
    zh: (f) => ({
      subject: '取消申请未通过',
      short: `商家拒绝了订单 ${f.orderNo} 的取消申请：${f.reason ?? ''}。如有疑问请联系客服。`,
    }),
    en: (f) => ({
      subject: 'Cancellation declined',
      short: `The shop declined to cancel order ${f.orderNo}: ${f.reason ?? ''}. Contact support if you need help.`,
    }),
  },
  address_change_accepted: {
    zh: (f) => ({
      subject: '收货地址已修改',
      short: `订单 ${f.orderNo} 的收货地址已按您的申请修改，商家将发往新地址。`,
    }),
    en: (f) => ({
      subject: 'Delivery address changed',
      short: `The delivery address of order ${f.orderNo} was changed as you asked. The shop will ship to the new address.`,
    }),
  },
  address_change_refused: {
    zh: (f) => ({
      subject: '修改地址申请未通过',
      short: `商家未同意修改订单 ${f.orderNo} 的收货地址：${f.reason ?? ''}。订单仍发往原地址，如有疑问请联系客服。`,
    }),
    en: (f) => ({
      subject: 'Address change declined',
      short: `The shop declined to change the address of order ${f.orderNo}: ${f.reason ?? ''}. It still ships to the original address; contact support if you need help.`,
    }),
  },
  refund_approved: {
    zh: (f, m) => ({
      subject: '退款已批准',
      short: `订单 ${f.orderNo} 的退款 ${m} 已批准，正在处理。`,
    }),
    en: (f, m) => ({
      subject: 'Refund approved',
      short: `Your refund of ${m} for order ${f.orderNo} is approved and on its way.`,
    }),
  },
  refund_succeeded: {
    zh: (f, m) => ({ subject: '退款已到账', short: `订单 ${f.orderNo} 的退款 ${m} 已到账。` }),
    en: (f, m) => ({
      subject: 'Refund arrived',
      short: `Your refund of ${m} for order ${f.orderNo} has arrived.`,
    }),
  },
  refund_failed: {
    zh: (f, m) => ({
      subject: '退款失败，需要您处理',
      short: `订单 ${f.orderNo} 的退款 ${m} 未能退回原账户，请更换退款账户。`,
    }),
    en: (f, m) => ({
      subject: 'Refund failed: action needed',
      short: `We could not return ${m} for order ${f.orderNo} to your original account. Please choose another destination.`,
    }),
  },
  refund_price_protection: {
    zh: (f, m) => ({
      subject: '价保退款已受理',
      short: `订单 ${f.orderNo} 的价保差价 ${m} 已受理，将退回原支付账户。`,
    }),
    en: (f, m) => ({
      subject: 'Price protection accepted',
      short: `The price difference of ${m} for order ${f.orderNo} is accepted and goes back to your original payment.`,
    }),
  },
  refund_goodwill: {
    zh: (f, m) => ({
      subject: '您收到一笔补偿退款',
      short: `商家为订单 ${f.orderNo} 发起了 ${m} 的补偿退款，将退回原支付账户。`,
    }),
    en: (f, m) => ({
      subject: 'A goodwill refund for you',
      short: `A goodwill refund of ${m} was granted for order ${f.orderNo}; it goes back to your original payment.`,
    }),
  },
  refund_offline: {
    zh: (f, m) => ({
      subject: '线下退款已登记',
      short: `订单 ${f.orderNo} 的 ${m} 已通过线下方式退还给您（线下退款）。`,
    }),
    en: (f, m) => ({
      subject: 'Offline refund recorded',
      short: `${m} for order ${f.orderNo} was returned to you offline (offline refund).`,
    }),
  },
  refund_evidence_requested: {
    zh: (f) => ({
      subject: '请补充退款凭证',
      short: `订单 ${f.orderNo} 的退款需要您补充凭证：${f.reason ?? ''}。请在退款页面上传截图、照片或聊天记录。`,
    }),
    en: (f) => ({
      subject: 'Evidence needed for your refund',
      short: `Your refund for order ${f.orderNo} needs evidence: ${f.reason ?? ''}. Please upload screenshots, photos or chat records on the refund page.`,
    }),
  },
  refund_rejected: {
    zh: (f, m) => ({
      subject: '退款申请未通过',
      short: `订单 ${f.orderNo} 的退款 ${m} 未通过审核：${f.reason ?? ''}。`,
    }),
    en: (f, m) => ({
      subject: 'Refund declined',
      short: `The refund of ${m} for order ${f.orderNo} was declined: ${f.reason ?? ''}.`,
    }),
  },
  support_replied: {
    zh: (f) => ({
      subject: '客服已回复您的留言',
      short: f.orderNo
        ? `您关于订单 ${f.orderNo} 的留言「${f.topic ?? ''}」已有客服回复，请查看。`
        : `您的留言「${f.topic ?? ''}」已有客服回复，请查看。`,
    }),
    en: (f) => ({
      subject: 'Customer service replied to your message',
      short: f.orderNo
        ? `Customer service replied to your message about order ${f.orderNo}: "${f.topic ?? ''}".`
        : `Customer service replied to your message "${f.topic ?? ''}".`,
    }),
  },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderNotice(
  template: NoticeTemplate,
  locale: 'zh-CN' | 'en',
  facts: NoticeFacts,
): RenderedNotice {
  const lang: Lang = locale === 'en' ? 'en' : 'zh';
  const money = formatYuan(facts.amountFen ?? 0);
  const { subject, short } = COPY[template][lang](facts, money);
  // A notice about no order (a 留言 without one) has no order line and links to its own page.
  const orderLine = !facts.orderNo
    ? ''
    : lang === 'en'
      ? `Order number: ${groupOrderNo(facts.orderNo)}`
      : `订单号：${groupOrderNo(facts.orderNo)}`;
  const view = !facts.orderNo
    ? lang === 'en'
      ? 'View'
      : '查看'
    : lang === 'en'
      ? 'View order'
      : '查看订单';
  const sign = lang === 'en' ? 'B特派 customer service' : 'B特派客服';
  const text = `${short}\n\n${orderLine}\n${view}: ${facts.link}\n\n${sign}`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#222">
<h2 style="color:#ff5000">${escapeHtml(subject)}</h2>
<p>${escapeHtml(short)}</p>
<p>${escapeHtml(orderLine)}</p>
<p><a href="${escapeHtml(facts.link)}">${escapeHtml(view)}</a></p>
<p style="color:#888">${escapeHtml(sign)}</p>
</body></html>`;
  return { subject: `【B特派】${subject}`, short, text, html };
}
