// The error catalogue: one place maps a stable code to its HTTP status and shopper-facing text.
// Expected failures travel as codes (values), so every layer agrees on what went wrong.

interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is invalid.' },
  NOT_FOUND: { status: 404, zh: '您访问的内容不存在', en: 'Not found.' },
  ORDER_NOT_FOUND: { status: 404, zh: '订单不存在', en: 'Order not found.' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in first.' },
  FORBIDDEN: { status: 403, zh: '您没有权限进行此操作', en: 'You are not allowed to do this.' },
  CSRF_FAILED: {
    status: 403,
    zh: '页面已过期，请刷新后重试',
    en: 'The page has expired. Please refresh and try again.',
  },
  RATE_LIMITED: {
    status: 429,
    zh: '操作太频繁，请稍后再试',
    en: 'Too many requests. Please try again later.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    zh: '账号或密码错误',
    en: 'Incorrect account or password.',
  },
  EMAIL_TAKEN: { status: 409, zh: '该邮箱已被注册', en: 'This email is already registered.' },
  MOBILE_TAKEN: {
    status: 409,
    zh: '该手机号已被注册',
    en: 'This mobile number is already registered.',
  },
  INVALID_MOBILE: {
    status: 400,
    zh: '请输入正确的手机号',
    en: 'Please enter a valid mobile number.',
  },
  INVALID_EMAIL: {
    status: 400,
    zh: '请输入正确的邮箱地址',
    en: 'Please enter a valid email address.',
  },
  WEAK_PASSWORD: {
    status: 400,
    zh: '密码需为 8-64 位，且同时包含字母和数字',
    en: 'Passwords must be 8-64 characters and contain both letters and digits.',
  },
  CODE_INVALID: {
    status: 400,
    zh: '验证码错误或已过期',
    en: 'The verification code is wrong or has expired.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该请求标识已用于其他请求，请刷新后重试',
    en: 'This Idempotency-Key was already used with a different request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '请求正在处理中，请勿重复提交',
    en: 'This request is still being processed. Please do not submit it again.',
  },
  OUT_OF_STOCK: { status: 409, zh: '库存不足', en: 'Not enough stock.' },
  PRODUCT_NOT_FOUND: {
    status: 404,
    zh: '商品不存在或已下架',
    en: 'This product does not exist or is no longer available.',
  },
  VARIANT_NOT_FOUND: {
    status: 404,
    zh: '所选商品规格不存在',
    en: 'The selected product option does not exist.',
  },
  CART_EMPTY: { status: 400, zh: '购物车是空的', en: 'Your cart is empty.' },
  QUANTITY_INVALID: { status: 400, zh: '商品数量不正确', en: 'The quantity is invalid.' },
  ORDER_NOT_PAYABLE: {
    status: 409,
    zh: '该订单当前无法付款',
    en: 'This order cannot be paid now.',
  },
  PAYMENT_DEADLINE_PASSED: {
    status: 409,
    zh: '订单已超过付款时限，请重新下单',
    en: 'The payment deadline has passed. Please place the order again.',
  },
  ORDER_NOT_SHIPPABLE: {
    status: 409,
    zh: '该订单当前无法备货或发货',
    en: 'This order cannot be prepared or shipped now.',
  },
  ORDER_NOT_DELIVERABLE: {
    status: 409,
    zh: '该订单当前无法标记为已送达',
    en: 'This order cannot be marked as delivered now.',
  },
  ORDER_NOT_RECEIVABLE: {
    status: 409,
    zh: '该订单当前无法确认收货',
    en: 'Receipt of this order cannot be confirmed now.',
  },
  ORDER_NOT_CANCELLABLE: {
    status: 409,
    zh: '订单当前状态不可取消',
    en: 'This order can no longer be cancelled.',
  },
  CANCEL_REASON_INVALID: {
    status: 400,
    zh: '请选择有效的取消原因',
    en: 'Please choose a valid cancellation reason.',
  },
  CANCEL_REASON_TEXT_REQUIRED: {
    status: 400,
    zh: '请填写取消原因',
    en: 'Please tell us why you are cancelling.',
  },
  CANCEL_REASON_TEXT_TOO_LONG: {
    status: 400,
    zh: '取消原因不能超过 200 字',
    en: 'The reason can be at most 200 characters.',
  },
  CANCEL_QUANTITY_EXCEEDED: {
    status: 409,
    zh: '取消数量超过可取消数量',
    en: 'You are cancelling more than can be cancelled.',
  },
  CANCEL_LINE_NOT_CANCELLABLE: {
    status: 409,
    zh: '所选商品不可取消',
    en: 'The selected item cannot be cancelled.',
  },
  PARTIAL_CANCEL_NOT_ALLOWED: {
    status: 409,
    zh: '该订单不支持部分取消，请整单取消',
    en: 'This order cannot be partly cancelled. Please cancel the whole order.',
  },
  CANCELLATION_ALREADY_REQUESTED: {
    status: 409,
    zh: '已提交取消申请，请等待商家处理',
    en: 'You have already requested a cancellation. Please wait for the merchant to respond.',
  },
  CANCELLATION_REQUEST_NOT_FOUND: {
    status: 404,
    zh: '取消申请不存在',
    en: 'Cancellation request not found.',
  },
  CANCELLATION_REQUEST_DECIDED: {
    status: 409,
    zh: '该申请已处理',
    en: 'This request has already been handled.',
  },
  CANCELLATION_PENDING_DECISION: {
    status: 409,
    zh: '买家已申请取消该订单，请先处理取消申请',
    en: 'The shopper has asked to cancel this order. Please answer the request first.',
  },
  ORDER_ALREADY_PREPARING: {
    status: 409,
    zh: '商家已在备货，请提交取消申请',
    en: 'The merchant is already preparing this order. Please request a cancellation instead.',
  },
  ADDRESS_CHANGE_SHIPPED: {
    status: 409,
    zh: '订单已发货，无法修改收货地址，请联系快递或客服',
    en: 'This order has shipped; its address can no longer be changed. Please contact the carrier or customer service.',
  },
  ADDRESS_CHANGE_NOT_ALLOWED: {
    status: 409,
    zh: '订单当前状态不可修改收货地址',
    en: 'The address of this order cannot be changed now.',
  },
  ADDRESS_CHANGE_PENDING: {
    status: 409,
    zh: '已有修改地址申请等待商家处理',
    en: 'An address change for this order is already waiting for the shop.',
  },
  ADDRESS_UNCHANGED: {
    status: 400,
    zh: '新地址与当前收货地址相同',
    en: 'The new address is the same as the current one.',
  },
  ADDRESS_INVALID: {
    status: 400,
    zh: '请填写完整的收货人、手机号和详细地址',
    en: 'Please enter the receiver, a mobile number and the full address.',
  },
  ADDRESS_CHANGE_REQUEST_NOT_FOUND: {
    status: 404,
    zh: '修改地址申请不存在',
    en: 'Address change request not found.',
  },
  ADDRESS_CHANGE_REQUEST_DECIDED: {
    status: 409,
    zh: '该修改地址申请已处理',
    en: 'This address change request has already been handled.',
  },
  ADDRESS_CHANGE_REFUSE_REASON_REQUIRED: {
    status: 400,
    zh: '请填写拒绝原因',
    en: 'Please give a reason for refusing.',
  },
  ADDRESS_CHANGE_PENDING_DECISION: {
    status: 409,
    zh: '买家申请修改收货地址，请先处理该申请再发货',
    en: 'The shopper has asked to change the delivery address. Please answer the request before shipping.',
  },
  REFUND_NOT_FOUND: { status: 404, zh: '退款记录不存在', en: 'Refund not found.' },
  REFUND_NOT_REVIEWABLE: {
    status: 409,
    zh: '该退款当前不可审核',
    en: 'This refund cannot be reviewed now.',
  },
  REFUND_NOT_STAFF_PAYOUT: {
    status: 409,
    zh: '该退款不是待线下打款的退款',
    en: 'This refund is not waiting for a payout by staff.',
  },
  REFUND_DESTINATION_NOT_ALLOWED: {
    status: 409,
    zh: '只有退款失败后才能更换退款账户',
    en: 'A new destination can only be given after the refund failed.',
  },
  EVIDENCE_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '只支持 JPG、PNG、WebP、GIF 图片或 PDF 文件',
    en: 'Only JPG, PNG, WebP or GIF images and PDF files are accepted.',
  },
  EVIDENCE_TOO_LARGE: {
    status: 413,
    zh: '单个文件不能超过 10 MB',
    en: 'Each file must be 10 MB or smaller.',
  },
  EVIDENCE_TOO_MANY: {
    status: 409,
    zh: '每笔退款最多上传 9 个文件',
    en: 'At most 9 files per refund.',
  },
  EVIDENCE_NOT_FOUND: { status: 404, zh: '凭证文件不存在', en: 'Evidence file not found.' },
  AFTER_SALES_NOT_ALLOWED: {
    status: 409,
    zh: '该订单当前不能申请售后',
    en: 'After-sales cannot be requested for this order now.',
  },
  AFTER_SALES_NOT_FOUND: { status: 404, zh: '售后申请不存在', en: 'After-sales case not found.' },
  AFTER_SALES_DECIDED: {
    status: 409,
    zh: '该售后申请当前不能进行此操作',
    en: 'This after-sales case cannot take that step now.',
  },
  REFUND_EXCEEDS_PAID: {
    status: 409,
    zh: '退款金额不能超过实付金额',
    en: 'The refund cannot exceed the amount paid.',
  },
  REFUND_NOTHING_LEFT: {
    status: 409,
    zh: '该订单已没有可退款的金额',
    en: 'Nothing is left to refund on this order.',
  },
  REFUND_AMOUNT_TOO_HIGH: {
    status: 409,
    zh: '金额超过该订单尚可退款的金额',
    en: 'The amount is more than is still refundable on this order.',
  },
  PRICE_PROTECTION_EXPIRED: {
    status: 409,
    zh: '已超过价保期限',
    en: 'The price protection period for this order has ended.',
  },
  PRICE_PROTECTION_NOTHING_DUE: {
    status: 409,
    zh: '当前价格未低于您的实付单价，或差价已退',
    en: 'The current price is not below what you paid, or the difference was already refunded.',
  },
  GOODWILL_REASON_INVALID: {
    status: 422,
    zh: '请选择补偿原因',
    en: 'Choose a reason for the goodwill refund.',
  },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    status: 502,
    zh: '支付服务暂时不可用，请稍后再试',
    en: 'The payment service is temporarily unavailable. Please try again later.',
  },
  PAYMENT_METHOD_NOT_OFFERED: {
    status: 422,
    zh: '暂不支持该支付方式',
    en: 'This payment method is not offered.',
  },
  STATEMENT_DAY_NOT_CLOSED: {
    status: 422,
    zh: '只能核对已经结束的日期',
    en: 'Only a day that has ended can be reconciled.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 400,
    zh: '回调签名无效',
    en: 'The webhook signature is invalid.',
  },
  WEBHOOK_STALE: { status: 400, zh: '回调已过期', en: 'The webhook is too old.' },
  WEBHOOK_AMOUNT_MISMATCH: {
    status: 400,
    zh: '回调金额与订单不符',
    en: 'The webhook amount does not match the order.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '提交的内容过大',
    en: 'The request is too large.',
  },
  URI_TOO_LONG: {
    status: 414,
    zh: '请求地址过长',
    en: 'The request address is too long.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '请求格式不受支持，请以 JSON 提交',
    en: 'Unsupported request format. Please send JSON.',
  },
  ORIGIN_NOT_ALLOWED: {
    status: 403,
    zh: '请求来自未被允许的网站，请从 B特派 页面操作',
    en: 'This request came from a site that is not allowed. Please use the B特派 pages.',
  },
  UNSTORABLE_TEXT: {
    status: 400,
    zh: '提交的内容包含无法保存的字符',
    en: 'The request contains characters that cannot be stored.',
  },
  CHAT_NOT_FOUND: { status: 404, zh: '会话不存在', en: 'Chat not found.' },
  CHAT_ALREADY_TAKEN: {
    status: 409,
    zh: '该会话已由其他客服接入',
    en: 'Another agent has already taken this chat.',
  },
  CHAT_CLOSED: { status: 409, zh: '会话已结束', en: 'This chat has ended.' },
  CHAT_NOT_CLOSED: {
    status: 409,
    zh: '会话结束后才能评价',
    en: 'You can rate the chat once it has ended.',
  },
  CHAT_ALREADY_RATED: {
    status: 409,
    zh: '您已评价过该会话',
    en: 'You have already rated this chat.',
  },
  SUPPORT_CLOSED: {
    status: 409,
    zh: '当前不在在线客服服务时间，请给我们留言',
    en: 'Online chat is closed now. Please leave us a message.',
  },
  BOARD_MESSAGE_NOT_FOUND: { status: 404, zh: '留言不存在', en: 'Message not found.' },
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '附件不存在', en: 'Attachment not found.' },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '只支持 JPG、PNG、WebP、GIF 图片',
    en: 'Only JPG, PNG, WebP or GIF images are accepted.',
  },
  COUPON_INVALID: {
    status: 400,
    zh: '优惠券设置不正确',
    en: 'The coupon settings are invalid.',
  },
  COUPON_NOT_FOUND: { status: 404, zh: '优惠券不存在', en: 'Coupon not found.' },
  COUPON_NOT_USABLE: {
    status: 409,
    zh: '优惠券不可用于本次结算',
    en: 'This coupon cannot be used for this checkout.',
  },
  COUPON_RECIPIENT_NOT_FOUND: {
    status: 404,
    zh: '找不到要发放的用户',
    en: 'No shopper matches the given email, phone or id.',
  },
  INTERNAL: {
    status: 500,
    zh: '系统繁忙，请稍后再试',
    en: 'Something went wrong. Please try again later.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    zh: '服务暂时不可用，请稍后再试',
    en: 'The service is temporarily unavailable. Please try again later.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type DomainErrorCode = keyof typeof ERRORS;

export function isDomainErrorCode(s: string): s is DomainErrorCode {
  return Object.hasOwn(ERRORS, s);
}

/** An expected failure: the code says what, `data` carries typed details for the caller. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, data?: Record<string, unknown>) {
    super(ERRORS[code].en);
    this.name = 'DomainError';
    this.code = code;
    this.data = data;
  }
}
