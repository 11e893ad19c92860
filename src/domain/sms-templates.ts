// SMS in mainland China goes out as a template the service approved beforehand (its text fixed,
// with numbered variables) plus the variables' values — never as free text. These are the
// zh-CN texts to submit for approval, one per notice kind, and the facts that fill them.
// Variables hold only short, checkable values (numbers, amounts, carriers): the services refuse
// free text such as a merchant's reason in a variable, so those notices point to the order page.

import type { AccountNoticeTemplate } from './account-notice-templates.js';
import { formatYuan } from './money.js';
import type { NoticeTemplate } from './notice-templates.js';

/** A notice kind, or a variant where one notice reads differently (a paid order's cancel). */
export type SmsKind = NoticeTemplate | AccountNoticeTemplate | 'order_cancelled_refund';

export interface SmsFacts {
  orderNo?: string;
  amountFen?: number;
  carrier?: string;
  trackingNo?: string;
  deadline?: string;
  code?: string;
  validMinutes?: number;
  count?: number;
  windowDays?: number;
}

type Var = 'orderNo' | 'amount' | 'carrier' | 'trackingNo' | 'deadline' | 'code' | 'minutes';
type CountVar = 'count' | 'days';

export interface SmsTemplate {
  /** The text to submit, variables numbered {1}, {2}… as the services write them. */
  text: string;
  /** What each numbered variable holds, in order. */
  vars: readonly (Var | CountVar)[];
}

export const SMS_TEMPLATES: Record<SmsKind, SmsTemplate> = {
  order_placed: {
    text: '您的订单{1}已提交，应付{2}元，请尽快完成付款。',
    vars: ['orderNo', 'amount'],
  },
  order_paid: { text: '订单{1}付款成功（{2}元），商家将尽快发货。', vars: ['orderNo', 'amount'] },
  order_shipped: {
    text: '订单{1}已发货，{2}运单号{3}。',
    vars: ['orderNo', 'carrier', 'trackingNo'],
  },
  order_cancelled: { text: '订单{1}已取消。', vars: ['orderNo'] },
  order_cancelled_refund: {
    text: '订单{1}已取消，{2}元将原路退回。',
    vars: ['orderNo', 'amount'],
  },
  order_partially_cancelled: {
    text: '订单{1}中的部分商品已取消，{2}元将原路退回，其余商品照常发货。',
    vars: ['orderNo', 'amount'],
  },
  order_timeout_cancelled: { text: '订单{1}超时未付款，已自动取消。', vars: ['orderNo'] },
  cancellation_requested: {
    text: '订单{1}的取消申请已提交，商家将在{2}前处理，逾期将自动同意。',
    vars: ['orderNo', 'deadline'],
  },
  cancellation_approved: { text: '订单{1}的取消申请已通过。', vars: ['orderNo'] },
  cancellation_rejected: {
    text: '商家未同意订单{1}的取消申请，原因请在订单详情中查看。',
    vars: ['orderNo'],
  },
  address_change_accepted: {
    text: '订单{1}的收货地址已按您的申请修改。',
    vars: ['orderNo'],
  },
  address_change_refused: {
    text: '商家未同意修改订单{1}的收货地址，原因请在订单详情中查看。',
    vars: ['orderNo'],
  },
  refund_approved: { text: '订单{1}的退款{2}元已批准，正在处理。', vars: ['orderNo', 'amount'] },
  refund_succeeded: { text: '订单{1}的退款{2}元已到账。', vars: ['orderNo', 'amount'] },
  refund_failed: {
    text: '订单{1}的退款{2}元未能退回原账户，请在退款页面更换退款账户。',
    vars: ['orderNo', 'amount'],
  },
  refund_rejected: {
    text: '订单{1}的退款{2}元未通过审核，原因请在退款页面查看。',
    vars: ['orderNo', 'amount'],
  },
  refund_price_protection: {
    text: '订单{1}的价保差价{2}元已受理，将退回原支付账户。',
    vars: ['orderNo', 'amount'],
  },
  refund_goodwill: {
    text: '商家为订单{1}发起了{2}元的补偿退款，将退回原支付账户。',
    vars: ['orderNo', 'amount'],
  },
  refund_offline: { text: '订单{1}的{2}元已通过线下方式退还给您。', vars: ['orderNo', 'amount'] },
  refund_evidence_requested: {
    text: '订单{1}的退款需要您补充凭证，请在退款页面上传。',
    vars: ['orderNo'],
  },
  after_sales_requested: {
    text: '订单{1}的售后申请已提交，商家会尽快处理。',
    vars: ['orderNo'],
  },
  after_sales_approved: {
    text: '订单{1}的仅退款申请已同意，退款将原路退回。',
    vars: ['orderNo'],
  },
  after_sales_return_approved: {
    text: '订单{1}的退货申请已同意，请按订单页中的地址寄回商品。',
    vars: ['orderNo'],
  },
  after_sales_rejected: {
    text: '订单{1}的售后申请未通过，原因请在订单详情中查看。',
    vars: ['orderNo'],
  },
  after_sales_completed: {
    text: '订单{1}的售后已完成，退款{2}元正在处理。',
    vars: ['orderNo', 'amount'],
  },
  support_replied: { text: '客服已回复您的留言，请登录B特派查看。', vars: [] },
  merchant_cancellation_requested: {
    text: '您的店铺有新的取消申请，订单{1}，请在{2}前处理，逾期将自动同意。',
    vars: ['orderNo', 'deadline'],
  },
  merchant_cancellation_reminder: {
    text: '订单{1}的取消申请尚未处理，将于{2}自动同意，请尽快处理。',
    vars: ['orderNo', 'deadline'],
  },
  merchant_order_cancelled: {
    text: '已付款订单{1}已取消，请停止备货，不要发货。',
    vars: ['orderNo'],
  },
  merchant_items_cancelled: {
    text: '已付款订单{1}中的部分商品已取消，请在订单详情中查看并调整备货。',
    vars: ['orderNo'],
  },
  merchant_address_change_requested: {
    text: '订单{1}的买家申请修改收货地址，请在{2}前处理，处理前不能发货，逾期将自动同意。',
    vars: ['orderNo', 'deadline'],
  },
  merchant_address_change_reminder: {
    text: '订单{1}的修改地址申请尚未处理，将于{2}自动同意，请尽快处理。',
    vars: ['orderNo', 'deadline'],
  },
  merchant_address_changed: {
    text: '订单{1}的收货地址已修改，请按订单详情中的新地址发货。',
    vars: ['orderNo'],
  },
  verification_code: {
    text: '您的验证码是{1}，{2}分钟内有效。请勿告诉任何人，包括客服人员。',
    vars: ['code', 'minutes'],
  },
  password_changed: {
    text: '您的登录密码已修改，所有设备已退出登录。如非本人操作，请立即重置密码并联系客服。',
    vars: [],
  },
  standing_warning: {
    text: '您近{1}天已取消{2}笔订单，继续增加后退款将转人工审核，再次下单不受影响。',
    vars: ['days', 'count'],
  },
  standing_review: {
    text: '您近{1}天已取消{2}笔订单，之后的退款将由客服审核后退回，再次下单不受影响。',
    vars: ['days', 'count'],
  },
};

export interface SmsContent {
  kind: SmsKind;
  /** The variables' values, in the template's order. */
  params: string[];
}

function value(v: Var | CountVar, f: SmsFacts): string {
  switch (v) {
    case 'orderNo':
      return f.orderNo ?? '';
    case 'amount':
      // "¥12.34" → "12.34": the template says 元 itself.
      return formatYuan(f.amountFen ?? 0).replace(/^¥/, '');
    case 'carrier':
      return f.carrier ?? '';
    case 'trackingNo':
      return f.trackingNo ?? '';
    case 'deadline':
      return f.deadline ?? '';
    case 'code':
      return f.code ?? '';
    case 'minutes':
      return String(f.validMinutes ?? 10);
    case 'count':
      return String(f.count ?? 0);
    case 'days':
      return String(f.windowDays ?? 30);
  }
}

/** The template and its variables for one notice. */
export function smsContent(
  notice: NoticeTemplate | AccountNoticeTemplate,
  facts: SmsFacts,
): SmsContent {
  const kind: SmsKind =
    notice === 'order_cancelled' && (facts.amountFen ?? 0) > 0 ? 'order_cancelled_refund' : notice;
  return { kind, params: SMS_TEMPLATES[kind].vars.map((v) => value(v, facts)) };
}

/** The text the phone shows, after the 【signature】 (for the log driver and the staff mailbox). */
export function renderSms(content: SmsContent, signName: string): string {
  return `【${signName}】${SMS_TEMPLATES[content.kind].text}`.replace(
    /\{(\d+)\}/g,
    (_, n: string) => content.params[Number(n) - 1] ?? '',
  );
}

/** 13800000001 → 138****0001: enough to tell numbers apart in a log, not to use one. */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/^\+86/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
