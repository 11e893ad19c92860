import type { DomainErrorCode } from '../domain/errors.js';
import type { OperationDoc } from './platform/http/api-document.js';

const ORDER = ['ORDER_NOT_FOUND'] as const;
const CANCEL: DomainErrorCode[] = [
  'ORDER_NOT_FOUND',
  'ORDER_NOT_CANCELLABLE',
  'CANCEL_REASON_INVALID',
  'CANCEL_REASON_TEXT_REQUIRED',
  'CANCEL_REASON_TEXT_TOO_LONG',
  'CANCEL_QUANTITY_EXCEEDED',
  'CANCEL_LINE_NOT_CANCELLABLE',
  'PARTIAL_CANCEL_NOT_ALLOWED',
  'CANCELLATION_ALREADY_REQUESTED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
];
const IDEMPOTENCY: DomainErrorCode[] = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'];
const COUPON_CREATE: DomainErrorCode[] = ['COUPON_INVALID'];
const COUPON_ISSUE: DomainErrorCode[] = ['COUPON_NOT_FOUND', 'COUPON_RECIPIENT_NOT_FOUND'];
const STAFF_REFUND: DomainErrorCode[] = [
  'ORDER_NOT_FOUND',
  'REFUND_NOTHING_LEFT',
  'REFUND_AMOUNT_TOO_HIGH',
];

/**
 * Every operation of the API as the document shows it, keyed `METHOD /fastify/url`. The OpenAPI
 * transform (api-document.ts) takes summary, security, error responses and the Idempotency-Key
 * header from here; building the document fails while a route and this list disagree.
 */
export const API_CATALOG: Record<string, OperationDoc> = {
  'GET /api/v1/session': { summary: '当前登录用户 / The signed-in user', access: 'public' },
  'POST /api/v1/auth/register-codes': {
    summary: '发送注册验证码 / Send registration codes',
    access: 'public',
    errors: ['INVALID_EMAIL', 'INVALID_MOBILE', 'EMAIL_TAKEN', 'MOBILE_TAKEN', 'RATE_LIMITED'],
  },
  'POST /api/v1/auth/register': {
    summary: '注册 / Register',
    access: 'public',
    errors: ['CODE_INVALID', 'WEAK_PASSWORD', 'EMAIL_TAKEN', 'MOBILE_TAKEN', 'RATE_LIMITED'],
  },
  'POST /api/v1/auth/login': {
    summary: '登录 / Log in',
    access: 'public',
    errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
  },
  'POST /api/v1/auth/logout': { summary: '退出登录 / Log out', access: 'public' },
  'POST /api/v1/auth/password-reset-codes': {
    summary: '发送重置密码验证码 / Send a password reset code',
    access: 'public',
    errors: ['RATE_LIMITED'],
  },
  'POST /api/v1/auth/password-reset': {
    summary: '重置密码 / Reset the password',
    access: 'public',
    errors: ['CODE_INVALID', 'WEAK_PASSWORD', 'RATE_LIMITED'],
  },
  'PATCH /api/v1/me': { summary: '修改个人资料 / Update my profile', access: 'signed-in' },
  'GET /api/v1/shops': { summary: '店铺列表 / Shops', access: 'public' },
  'GET /api/v1/products': { summary: '商品列表与搜索 / Products and search', access: 'public' },
  'GET /api/v1/products/:id': {
    summary: '商品详情 / A product',
    access: 'public',
    errors: ['PRODUCT_NOT_FOUND'],
  },
  'GET /api/v1/cart': { summary: '购物车 / The cart', access: 'shopper' },
  'PUT /api/v1/cart/items/:variantId': {
    summary: '加入或修改购物车商品 / Put an item in the cart',
    access: 'shopper',
    errors: ['VARIANT_NOT_FOUND', 'QUANTITY_INVALID', 'OUT_OF_STOCK'],
  },
  'DELETE /api/v1/cart/items/:variantId': {
    summary: '移出购物车 / Remove an item from the cart',
    access: 'shopper',
  },
  'POST /api/v1/orders/:orderNo/buy-again': {
    summary: '再次购买 / Buy again',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders': {
    summary: '下单 / Place orders',
    access: 'shopper',
    idempotent: true,
    errors: [
      'OUT_OF_STOCK',
      'VARIANT_NOT_FOUND',
      'CART_EMPTY',
      'QUANTITY_INVALID',
      'COUPON_NOT_USABLE',
      ...IDEMPOTENCY,
    ],
  },
  'GET /api/v1/coupons': { summary: '我的优惠券 / My coupons', access: 'shopper' },
  'GET /api/v1/ops/coupons': { summary: '优惠券列表 / Coupons', access: 'operator' },
  'POST /api/v1/ops/coupons': {
    summary: '创建优惠券 / Create a coupon',
    access: 'operator',
    errors: COUPON_CREATE,
  },
  'POST /api/v1/ops/coupons/:id/issue': {
    summary: '发放优惠券 / Issue a coupon to shoppers',
    access: 'operator',
    errors: COUPON_ISSUE,
  },
  'GET /api/v1/merchant/coupons': {
    summary: "本店优惠券 / The shop's coupons",
    access: 'merchant',
  },
  'POST /api/v1/merchant/coupons': {
    summary: '创建本店优惠券 / Create a shop coupon',
    access: 'merchant',
    errors: COUPON_CREATE,
  },
  'POST /api/v1/merchant/coupons/:id/issue': {
    summary: '发放本店优惠券 / Issue a shop coupon',
    access: 'merchant',
    errors: COUPON_ISSUE,
  },
  'GET /api/v1/orders': { summary: '我的订单 / My orders', access: 'shopper' },
  'POST /api/v1/orders/quote': {
    summary: '结算金额试算 / Quote a checkout',
    access: 'shopper',
    errors: ['VARIANT_NOT_FOUND', 'QUANTITY_INVALID', 'COUPON_NOT_USABLE'],
  },
  'GET /api/v1/orders/counts': { summary: '各状态订单数 / Order counts by tab', access: 'shopper' },
  'GET /api/v1/orders/:orderNo': {
    summary: '订单详情 / An order',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders/:orderNo/pay': {
    summary: '去支付 / Pay an order',
    access: 'shopper',
    idempotent: true,
    errors: [
      ...ORDER,
      'ORDER_NOT_PAYABLE',
      'PAYMENT_DEADLINE_PASSED',
      'PAYMENT_PROVIDER_UNAVAILABLE',
      'PAYMENT_METHOD_NOT_OFFERED',
    ],
  },
  'POST /api/v1/webhooks/:provider': {
    summary:
      '支付渠道异步通知（支付宝、微信支付、银联） / Payment channel notify (Alipay, WeChat Pay, UnionPay)',
    access: 'public',
    errors: ['NOT_FOUND'],
  },
  'GET /api/v1/ops/provider-refunds': {
    summary:
      '未匹配订单的渠道退款（支付平台后台退款） / Provider refunds that matched no order (dashboard refunds)',
    access: 'operator',
  },
  'POST /api/v1/orders/:orderNo/confirm-receipt': {
    summary: '确认收货 / Confirm receipt',
    access: 'shopper',
    errors: [...ORDER, 'ORDER_NOT_RECEIVABLE'],
  },
  'GET /api/v1/merchant/orders': { summary: '店铺订单 / The shop’s orders', access: 'merchant' },
  'GET /api/v1/merchant/orders/:orderNo': {
    summary: '店铺订单详情 / A shop order',
    access: 'merchant',
    errors: [...ORDER],
  },
  'POST /api/v1/merchant/orders/:orderNo/prepare': {
    summary: '开始备货 / Start preparing',
    access: 'merchant',
    idempotent: true,
    errors: [...ORDER, 'ORDER_NOT_SHIPPABLE', 'CANCELLATION_PENDING_DECISION', ...IDEMPOTENCY],
  },
  'POST /api/v1/merchant/orders/:orderNo/ship': {
    summary: '发货 / Ship',
    access: 'merchant',
    idempotent: true,
    errors: [...ORDER, 'ORDER_NOT_SHIPPABLE', 'CANCELLATION_PENDING_DECISION', ...IDEMPOTENCY],
  },
  'POST /api/v1/merchant/orders/:orderNo/deliver': {
    summary: '标记已送达 / Mark delivered',
    access: 'merchant',
    idempotent: true,
    errors: [...ORDER, 'ORDER_NOT_DELIVERABLE', ...IDEMPOTENCY],
  },
  'PATCH /api/v1/merchant/variants/:id': {
    summary: '修改商品规格价格与库存 / Change a variant’s price or stock',
    access: 'merchant',
    errors: ['VARIANT_NOT_FOUND'],
  },
  'DELETE /api/v1/merchant/variants/:id': {
    summary:
      '删除商品规格（已下单的订单照常取消与退款）/ Delete a variant (orders already placed still cancel and refund)',
    access: 'merchant',
    errors: ['VARIANT_NOT_FOUND'],
  },
  'PUT /api/v1/merchant/products/:id/on-sale': {
    summary: '商品上架或下架 / Put a product on sale or take it off',
    access: 'merchant',
    errors: ['PRODUCT_NOT_FOUND'],
  },
  'GET /api/v1/merchant/notice-preferences': {
    summary: '店铺通知设置 / The shop’s notice channels',
    access: 'merchant',
  },
  'PUT /api/v1/merchant/notice-preferences': {
    summary:
      '修改店铺通知设置（取消申请、超时提醒、停止备货）/ Change the shop’s notice channels (requests, reminders, stop preparing)',
    access: 'merchant',
  },
  'GET /api/v1/staff/outgoing-messages': {
    summary: '邮箱与短信 / Outgoing email and SMS',
    access: 'support',
  },
  'GET /api/v1/orders/:orderNo/cancellation': {
    summary: '取消选项与退款预览 / Cancel options and refund preview',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders/:orderNo/cancellation': {
    summary: '取消订单或申请取消 / Cancel an order or ask to',
    access: 'shopper',
    idempotent: true,
    errors: CANCEL,
  },
  'GET /api/v1/me/standing': { summary: '账户信用 / My account standing', access: 'shopper' },
  'GET /api/v1/merchant/cancellation-requests': {
    summary: '取消申请 / Cancellation requests',
    access: 'merchant',
  },
  'POST /api/v1/merchant/cancellation-requests/:id/decision': {
    summary: '处理取消申请 / Decide a cancellation request',
    access: 'merchant',
    idempotent: true,
    errors: ['CANCELLATION_REQUEST_NOT_FOUND', 'CANCELLATION_REQUEST_DECIDED', ...IDEMPOTENCY],
  },
  'GET /api/v1/orders/:orderNo/address-change': {
    summary: '修改地址选项 / Address change options',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders/:orderNo/address-change': {
    summary: '修改收货地址或申请修改 / Change the delivery address or ask to',
    access: 'shopper',
    idempotent: true,
    errors: [
      'ORDER_NOT_FOUND',
      'ADDRESS_CHANGE_SHIPPED',
      'ADDRESS_CHANGE_NOT_ALLOWED',
      'ADDRESS_CHANGE_PENDING',
      'ADDRESS_UNCHANGED',
      'ADDRESS_INVALID',
      'INVALID_MOBILE',
      ...IDEMPOTENCY,
    ],
  },
  'GET /api/v1/merchant/address-change-requests': {
    summary: '修改地址申请 / Address change requests',
    access: 'merchant',
  },
  'POST /api/v1/merchant/address-change-requests/:id/decision': {
    summary: '处理修改地址申请 / Decide an address change request',
    access: 'merchant',
    idempotent: true,
    errors: [
      'ADDRESS_CHANGE_REQUEST_NOT_FOUND',
      'ADDRESS_CHANGE_REQUEST_DECIDED',
      'ADDRESS_CHANGE_NOT_ALLOWED',
      'ADDRESS_CHANGE_REFUSE_REASON_REQUIRED',
      ...IDEMPOTENCY,
    ],
  },
  'GET /api/v1/ops/settings/cancellation': {
    summary: '取消与退款规则 / Cancellation and refund rules',
    access: 'operator',
  },
  'PUT /api/v1/ops/settings/cancellation': {
    summary: '修改取消与退款规则 / Change cancellation and refund rules',
    access: 'operator',
  },
  'GET /api/v1/ops/statements': {
    summary: '对账 / Daily statement reconciliation per channel',
    access: 'operator',
  },
  'GET /api/v1/ops/statements/:provider/:day': {
    summary: '某渠道某日的对账结果 / One channel’s day: totals and mismatches',
    access: 'operator',
    errors: ['NOT_FOUND'],
  },
  'POST /api/v1/ops/statements/:provider/:day/run': {
    summary: '重新对账 / Reconcile a channel’s day again',
    access: 'operator',
    errors: ['NOT_FOUND', 'STATEMENT_DAY_NOT_CLOSED', 'PAYMENT_PROVIDER_UNAVAILABLE'],
  },
  'GET /api/v1/ops/settings/checkout-channels': {
    summary: '收银台支付方式 / Payment channels checkout offers',
    access: 'operator',
  },
  'PUT /api/v1/ops/settings/checkout-channels': {
    summary: '修改收银台支付方式 / Change the payment channels checkout offers',
    access: 'operator',
    errors: ['VALIDATION_FAILED'],
  },
  'GET /api/v1/payment-channels': {
    summary: '可用的支付方式 / Payment channels offered at checkout',
    access: 'shopper',
  },
  'GET /api/v1/ops/settings/retention': {
    summary: '数据保留 / How long old rows are kept',
    access: 'operator',
  },
  'PUT /api/v1/ops/settings/retention': {
    summary: '修改数据保留 / Change how long old rows are kept',
    access: 'operator',
  },
  'GET /api/v1/refunds': { summary: '我的退款 / My refunds', access: 'shopper' },
  'GET /api/v1/refunds/:id': {
    summary: '退款详情 / A refund',
    access: 'shopper',
    errors: ['REFUND_NOT_FOUND'],
  },
  'POST /api/v1/refunds/:id/nudge': {
    summary: '催一下 / Ask the provider where a refund is',
    access: 'shopper',
    errors: ['REFUND_NOT_FOUND', 'RATE_LIMITED'],
  },
  'POST /api/v1/refunds/:id/destination': {
    summary: '更换退款去向 / Send a failed refund elsewhere',
    access: 'shopper',
    idempotent: true,
    errors: [
      'REFUND_NOT_FOUND',
      'REFUND_DESTINATION_NOT_ALLOWED',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
      ...IDEMPOTENCY,
    ],
  },
  'GET /api/v1/ops/refunds': { summary: '退款审核 / Refunds to review', access: 'operator' },
  'POST /api/v1/ops/refunds/:id/decision': {
    summary: '审核退款 / Decide a refund',
    access: 'operator',
    idempotent: true,
    errors: ['REFUND_NOT_FOUND', 'REFUND_NOT_REVIEWABLE', ...IDEMPOTENCY],
  },
  'GET /api/v1/merchant/refunds': {
    summary: '店铺待审核退款 / The shop’s refunds to review',
    access: 'merchant',
  },
  'POST /api/v1/ops/refunds/:id/staff-payout': {
    summary: '记录线下打款 / Record the transfer staff made for a refund',
    access: 'operator',
    idempotent: true,
    errors: ['REFUND_NOT_FOUND', 'REFUND_NOT_STAFF_PAYOUT', ...IDEMPOTENCY],
  },
  'POST /api/v1/merchant/refunds/:id/decision': {
    summary: '审核店铺退款 / Decide a shop refund',
    access: 'merchant',
    idempotent: true,
    errors: ['REFUND_NOT_FOUND', 'REFUND_NOT_REVIEWABLE', ...IDEMPOTENCY],
  },
  'POST /api/v1/refunds/:id/evidence': {
    summary: '上传凭证 / Upload evidence',
    access: 'signed-in',
    errors: [
      'REFUND_NOT_FOUND',
      'EVIDENCE_TYPE_NOT_ALLOWED',
      'EVIDENCE_TOO_LARGE',
      'EVIDENCE_TOO_MANY',
      'PAYLOAD_TOO_LARGE',
      'RATE_LIMITED',
    ],
  },
  'GET /api/v1/refunds/:id/evidence': {
    summary: '凭证列表 / Evidence of a refund',
    access: 'signed-in',
    errors: ['REFUND_NOT_FOUND'],
  },
  'GET /api/v1/refunds/:id/evidence/:evidenceId': {
    summary: '下载凭证 / Download evidence',
    access: 'signed-in',
    errors: ['REFUND_NOT_FOUND', 'EVIDENCE_NOT_FOUND'],
  },
  'POST /api/v1/refunds/:id/evidence-request': {
    summary: '要求补充凭证 / Ask for evidence',
    access: 'staff',
    errors: ['REFUND_NOT_FOUND', 'REFUND_NOT_REVIEWABLE'],
  },
  'GET /api/v1/orders/:orderNo/price-protection': {
    summary: '价保预览 / What price protection would refund now',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders/:orderNo/price-protection': {
    summary: '申请价保 / Ask for price protection',
    access: 'shopper',
    idempotent: true,
    errors: [
      ...ORDER,
      'PRICE_PROTECTION_EXPIRED',
      'PRICE_PROTECTION_NOTHING_DUE',
      'REFUND_NOTHING_LEFT',
      ...IDEMPOTENCY,
    ],
  },
  'GET /api/v1/merchant/orders/:orderNo/staff-refunds': {
    summary: '可补偿金额 / What is left to refund on a shop order',
    access: 'merchant',
    errors: [...ORDER],
  },
  'POST /api/v1/merchant/orders/:orderNo/goodwill-refunds': {
    summary: '商家补偿 / Grant a goodwill refund (shop)',
    access: 'merchant',
    idempotent: true,
    errors: [...STAFF_REFUND, 'GOODWILL_REASON_INVALID', ...IDEMPOTENCY],
  },
  'GET /api/v1/ops/orders/:orderNo/staff-refunds': {
    summary: '可补偿金额 / What is left to refund on an order',
    access: 'support',
    errors: [...ORDER],
  },
  'POST /api/v1/ops/orders/:orderNo/goodwill-refunds': {
    summary: '补偿 / Grant a goodwill refund',
    access: 'support',
    idempotent: true,
    errors: [...STAFF_REFUND, 'GOODWILL_REASON_INVALID', ...IDEMPOTENCY],
  },
  'POST /api/v1/ops/orders/:orderNo/offline-refunds': {
    summary: '登记线下退款 / Record an offline refund',
    access: 'operator',
    idempotent: true,
    errors: [...STAFF_REFUND, ...IDEMPOTENCY],
  },
  'GET /api/v1/orders/:orderNo/after-sales': {
    summary: '售后选项 / After-sales options of an order',
    access: 'shopper',
    errors: [...ORDER],
  },
  'POST /api/v1/orders/:orderNo/after-sales': {
    summary: '申请售后 / Ask for after-sales',
    access: 'shopper',
    idempotent: true,
    errors: [...ORDER, 'AFTER_SALES_NOT_ALLOWED', 'REFUND_EXCEEDS_PAID', ...IDEMPOTENCY],
  },
  'GET /api/v1/after-sales': { summary: '我的售后 / My after-sales cases', access: 'shopper' },
  'POST /api/v1/after-sales/:id/return': {
    summary: '填写退货物流 / Send the return',
    access: 'shopper',
    errors: ['AFTER_SALES_NOT_FOUND', 'AFTER_SALES_DECIDED'],
  },
  'GET /api/v1/merchant/after-sales': {
    summary: '店铺售后 / The shop’s after-sales cases',
    access: 'merchant',
  },
  'POST /api/v1/merchant/after-sales/:id/decision': {
    summary: '处理售后申请 / Decide an after-sales case',
    access: 'merchant',
    idempotent: true,
    errors: ['AFTER_SALES_NOT_FOUND', 'AFTER_SALES_DECIDED', ...IDEMPOTENCY],
  },
  'POST /api/v1/merchant/after-sales/:id/received': {
    summary: '确认收到退货 / Confirm the return arrived',
    access: 'merchant',
    idempotent: true,
    errors: ['AFTER_SALES_NOT_FOUND', 'AFTER_SALES_DECIDED', ...IDEMPOTENCY],
  },
  'GET /api/v1/notices': { summary: '消息中心 / My notices', access: 'signed-in' },
  'GET /api/v1/notices/unread-count': {
    summary: '未读消息数 / Unread notices',
    access: 'signed-in',
  },
  'POST /api/v1/notices/:id/read': { summary: '标为已读 / Mark read', access: 'signed-in' },
  'POST /api/v1/notices/read-all': { summary: '全部已读 / Mark all read', access: 'signed-in' },
  'GET /api/v1/me/notice-preferences': {
    summary: '通知偏好 / Notice preferences',
    access: 'signed-in',
  },
  'PUT /api/v1/me/notice-preferences': {
    summary: '修改通知偏好 / Change notice preferences',
    access: 'signed-in',
  },
  'GET /api/v1/merchant/webhook': {
    summary: '店铺 Webhook / The shop webhook',
    access: 'merchant',
  },
  'PUT /api/v1/merchant/webhook': {
    summary: '设置店铺 Webhook / Set the shop webhook',
    access: 'merchant',
  },
  'GET /api/v1/staff/notices/failed': {
    summary: '发送失败的通知 / Notices that failed',
    access: 'support',
  },
  'POST /api/v1/staff/notices/:id/resend': {
    summary: '重新发送通知 / Send a notice again',
    access: 'support',
  },
  'GET /api/v1/ops/audit': { summary: '审计日志 / Audit trail', access: 'staff' },
  'GET /api/v1/orders/:orderNo/dispute-bundle': {
    summary: '导出订单材料 / Download the order’s dispute bundle',
    access: 'shopper',
    errors: [...ORDER, 'RATE_LIMITED'],
  },
  'GET /api/v1/ops/orders/:orderNo/dispute-bundle': {
    summary: '下载争议材料包 / Download an order’s dispute bundle',
    access: 'staff',
    errors: [...ORDER],
  },
  'GET /api/v1/ops/orders': { summary: '订单查询 / Search orders', access: 'staff' },
  'GET /api/v1/ops/orders/:orderNo': {
    summary: '订单（运营视图） / An order, staff view',
    access: 'staff',
    errors: [...ORDER],
  },
  'GET /api/v1/ops/dashboards/cancellations': {
    summary: '取消看板 / Cancellations by day and reason',
    access: 'staff',
  },
  'GET /api/v1/ops/dashboards/products': {
    summary: '商品取消率 / Cancellation rate by product',
    access: 'staff',
  },
  'GET /api/v1/ops/dashboards/refund-times': {
    summary: '退款到账时长 / Refund arrival times',
    access: 'staff',
  },
  'GET /api/v1/ops/dashboards/sla': { summary: '处理时效 / Decision SLAs', access: 'staff' },
  'GET /api/v1/ops/dashboards/refund-problems': {
    summary: '异常退款 / Late and failed refunds',
    access: 'staff',
  },
  'POST /api/v1/support/chats': {
    summary: '联系客服（发起会话） / Start a chat',
    access: 'shopper',
    errors: ['SUPPORT_CLOSED', 'RATE_LIMITED'],
  },
  'GET /api/v1/support/chats': { summary: '我的客服会话 / My chats', access: 'shopper' },
  'GET /api/v1/ops/support/chats': { summary: '会话队列 / The chat queue', access: 'support' },
  'GET /api/v1/support/chats/:id': {
    summary: '会话 / A chat',
    access: 'shopper-or-support',
    errors: ['CHAT_NOT_FOUND'],
  },
  'GET /api/v1/support/chats/:id/messages': {
    summary: '会话消息 / Messages of a chat',
    access: 'shopper-or-support',
    errors: ['CHAT_NOT_FOUND'],
  },
  'POST /api/v1/support/chats/:id/take': {
    summary: '接入会话 / Take a chat',
    access: 'support',
    errors: ['CHAT_NOT_FOUND', 'CHAT_ALREADY_TAKEN', 'CHAT_CLOSED'],
  },
  'POST /api/v1/support/chats/:id/close': {
    summary: '结束会话 / Close a chat',
    access: 'shopper-or-support',
    errors: ['CHAT_NOT_FOUND'],
  },
  'POST /api/v1/support/chats/:id/rating': {
    summary: '评价客服 / Rate a chat',
    access: 'shopper',
    errors: ['CHAT_NOT_FOUND', 'CHAT_NOT_CLOSED', 'CHAT_ALREADY_RATED'],
  },
  'POST /api/v1/support/chats/:id/attachments': {
    summary: '发送图片 / Upload a picture',
    access: 'shopper-or-support',
    errors: ['CHAT_NOT_FOUND', 'CHAT_CLOSED', 'EVIDENCE_TYPE_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE'],
  },
  'GET /api/v1/support/chats/:id/attachments/:attachmentId': {
    summary: '查看图片 / A picture of a chat',
    access: 'shopper-or-support',
    errors: ['CHAT_NOT_FOUND'],
  },
  'GET /api/v1/support/chats/:id/order': {
    summary: '会话关联订单 / The chat’s order, for the agent',
    access: 'support',
    errors: ['CHAT_NOT_FOUND'],
  },
  'POST /api/v1/support/chats/:id/actions/cancel': {
    summary: '代买家取消订单 / Cancel for the shopper',
    access: 'support',
    errors: ['CHAT_NOT_FOUND', ...CANCEL],
  },
  'POST /api/v1/support/chats/:id/actions/refund': {
    summary: '代买家提交退款审核 / Ask for a refund for the shopper',
    access: 'support',
    errors: ['CHAT_NOT_FOUND', 'AFTER_SALES_NOT_ALLOWED'],
  },
  'POST /api/v1/support/board': {
    summary: '留言 / Leave a message',
    access: 'shopper',
    errors: ['RATE_LIMITED'],
  },
  'GET /api/v1/support/board': { summary: '我的留言 / My messages', access: 'shopper' },
  'GET /api/v1/support/board/:id': {
    summary: '留言详情 / A message and its replies',
    access: 'shopper-or-support',
  },
  'GET /api/v1/ops/support/board': { summary: '留言队列 / Messages to answer', access: 'support' },
  'POST /api/v1/ops/support/board/:id/replies': {
    summary: '回复留言 / Reply to a message',
    access: 'support',
  },
  'GET /api/v1/support/contact': { summary: '联系我们 / Contact channels', access: 'public' },
  'GET /api/v1/ops/settings/support': {
    summary: '客服设置 / Customer service settings',
    access: 'support',
  },
  'PUT /api/v1/ops/settings/support': {
    summary: '修改客服设置 / Change customer service settings',
    access: 'operator',
  },
  'GET /api/v1/orders/:orderNo/support-history': {
    summary: '订单的客服记录 / Support history of my order',
    access: 'shopper',
    errors: [...ORDER],
  },
  'GET /api/v1/ops/orders/:orderNo/support-history': {
    summary: '订单的客服记录（员工） / Support history of an order',
    access: 'staff',
    errors: [...ORDER],
  },
};
