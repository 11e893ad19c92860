import { AlipayRequestError, AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk';
import { fenToYuan, yuanToFen } from '../amounts.js';
import {
  NotifyRefusedError,
  ChannelRejectedError,
  ChannelUnavailableError,
  type ChannelNotify,
  type ChannelPayment,
  type ChannelPaymentStatus,
  type ChannelProvider,
  type ChannelRefund,
  type PaymentReference,
} from '../channel-provider.js';
import type { AlipaySettings } from '../config.js';
import { formatDashed, parseProviderTime } from '../shanghai-time.js';
import { parseAlipayBillZip } from './alipay-bill.js';

/**
 * Alipay (支付宝) on the official `alipay-sdk`, OpenAPI gateway (v2 protocol), RSA2 with a PKCS#8
 * application key, 公钥模式. Every answer's signature is checked (`validateSign: true`; the SDK
 * skips it unless told, and skips it silently without Alipay's public key, which config makes
 * mandatory). An answer that does not verify is treated like no answer: ChannelUnavailableError.
 */
export interface AlipayProviderOptions {
  settings: AlipaySettings;
  /** Per request. Default 5000 ms. */
  timeoutMs?: number;
}

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/** sub_codes that mean "try again later" rather than "no". */
const RETRYABLE = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR']);

function tradeStatus(status: string | undefined): ChannelPaymentStatus {
  if (status && PAID.has(status)) return 'succeeded';
  if (status === 'TRADE_CLOSED') return 'closed';
  return 'pending';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function createAlipayProvider(opts: AlipayProviderOptions): ChannelProvider {
  const { settings } = opts;
  const sdk = new AlipaySdk({
    appId: settings.appId,
    privateKey: settings.privateKeyPem,
    keyType: 'PKCS8',
    alipayPublicKey: settings.alipayPublicKeyPem,
    gateway: settings.gateway,
    timeout: opts.timeoutMs ?? 5000,
    camelcase: false,
  });

  /** One gateway call; the answer's signature is verified before anything in it is used. */
  async function call(
    method: string,
    bizContent: Record<string, unknown>,
    extra: Record<string, string> = {},
  ): Promise<AlipaySdkCommonResult> {
    let result: AlipaySdkCommonResult;
    try {
      result = await sdk.exec(method, { bizContent, ...extra }, { validateSign: true });
    } catch (err) {
      const detail = err instanceof AlipayRequestError ? err.message.split(',')[0] : 'error';
      throw new ChannelUnavailableError(`Alipay ${method}: ${detail}`, { cause: err });
    }
    if (result.code === '10000') return result;
    const subCode = str(result.sub_code) ?? `code_${result.code}`;
    if (result.code === '20000' || RETRYABLE.has(subCode)) {
      throw new ChannelUnavailableError(`Alipay ${method}: ${subCode}`);
    }
    throw new ChannelRejectedError(subCode, str(result.sub_msg) ?? str(result.msg) ?? subCode);
  }

  async function queryPayment(payment: PaymentReference): Promise<ChannelPayment> {
    try {
      const r = await call('alipay.trade.query', { out_trade_no: payment.merchantOrderNo });
      const amount = yuanToFen(str(r.total_amount) ?? '');
      const paidAt = parseProviderTime(str(r.send_pay_date) ?? '');
      let status = tradeStatus(str(r.trade_status));
      // A paid trade refunded in full is closed too; its payment date tells the two apart.
      if (status === 'closed' && paidAt) status = 'refunded';
      return {
        provider: 'alipay',
        merchantOrderNo: payment.merchantOrderNo,
        providerTradeNo: str(r.trade_no) ?? null,
        status,
        amountFen: amount,
        paidAt: status === 'closed' ? null : paidAt,
      };
    } catch (err) {
      // A page-pay trade exists at Alipay only once the shopper has opened the cashier.
      if (err instanceof ChannelRejectedError && err.code === 'ACQ.TRADE_NOT_EXIST') {
        return {
          provider: 'alipay',
          merchantOrderNo: payment.merchantOrderNo,
          providerTradeNo: null,
          status: 'pending',
          amountFen: null,
          paidAt: null,
        };
      }
      throw err;
    }
  }

  async function queryRefund(
    payment: PaymentReference,
    idempotencyKey: string,
  ): Promise<ChannelRefund> {
    const r = await call('alipay.trade.fastpay.refund.query', {
      out_trade_no: payment.merchantOrderNo,
      out_request_no: idempotencyKey,
      query_options: ['gmt_refund_pay'],
    });
    if (str(r.out_request_no) !== idempotencyKey) {
      // Alipay answers 10000 with no refund fields when it has none under this key.
      throw new ChannelRejectedError('refund_not_found', 'Alipay has no refund under this key');
    }
    const succeeded = str(r.refund_status) === 'REFUND_SUCCESS';
    return {
      provider: 'alipay',
      idempotencyKey,
      merchantOrderNo: payment.merchantOrderNo,
      providerRefundId: str(r.trade_no) ?? null,
      amountFen: yuanToFen(str(r.refund_amount) ?? ''),
      status: succeeded ? 'succeeded' : 'processing',
      failureReason: null,
      settledAt: succeeded ? parseProviderTime(str(r.gmt_refund_pay) ?? '') : null,
    };
  }

  return {
    name: 'alipay',

    async startPayment(input) {
      const mobile = input.scene === 'mobile';
      const url = sdk.pageExecute(
        mobile ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay',
        'GET',
        {
          bizContent: {
            out_trade_no: input.merchantOrderNo,
            total_amount: fenToYuan(input.amountFen),
            subject: input.description,
            product_code: mobile ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
            time_expire: formatDashed(input.expiresAt),
          },
          returnUrl: input.returnUrl,
          notifyUrl: input.notifyUrl,
        },
      );
      return { kind: 'redirect', url };
    },

    queryPayment,

    async closePayment(payment) {
      try {
        await call('alipay.trade.close', { out_trade_no: payment.merchantOrderNo });
      } catch (err) {
        if (!(err instanceof ChannelRejectedError)) throw err;
        // Not opened yet: time_expire keeps the cashier from taking money after the deadline.
        if (err.code === 'ACQ.TRADE_NOT_EXIST') {
          return {
            provider: 'alipay',
            merchantOrderNo: payment.merchantOrderNo,
            providerTradeNo: null,
            status: 'closed',
            amountFen: null,
            paidAt: null,
          };
        }
        // Paid (or already closed) first: the trade's own state decides the race.
        if (err.code !== 'ACQ.TRADE_STATUS_ERROR') throw err;
      }
      return queryPayment(payment);
    },

    async refund(input) {
      const r = await call('alipay.trade.refund', {
        out_trade_no: input.payment.merchantOrderNo,
        out_request_no: input.idempotencyKey,
        refund_amount: fenToYuan(input.amountFen),
        refund_reason: input.reason,
        ...(input.lines?.length
          ? {
              refund_goods_detail: input.lines.map((l) => ({
                goods_id: l.merchantGoodsId,
                refund_amount: fenToYuan(l.refundFen),
              })),
            }
          : {}),
      });
      // fund_change=Y: money moved now. A repeat of an earlier request answers N, so ask.
      if (str(r.fund_change) === 'Y') {
        return {
          provider: 'alipay',
          idempotencyKey: input.idempotencyKey,
          merchantOrderNo: input.payment.merchantOrderNo,
          providerRefundId: str(r.trade_no) ?? null,
          amountFen: input.amountFen,
          status: 'succeeded',
          failureReason: null,
          settledAt: parseProviderTime(str(r.gmt_refund_pay) ?? ''),
        };
      }
      return queryRefund(input.payment, input.idempotencyKey);
    },

    queryRefund(query) {
      return queryRefund(query.payment, query.idempotencyKey);
    },

    parseNotify(request): ChannelNotify {
      // Alipay signs only the parameters that have a value (the SDK's check would count the
      // empty ones too), so those are left out before checking.
      const form = Object.fromEntries(
        [...new URLSearchParams(request.rawBody)].filter(([, value]) => value !== ''),
      );
      if (!form.sign || !form.out_trade_no) throw new NotifyRefusedError('malformed');
      if (!sdk.checkNotifySignV2(form)) throw new NotifyRefusedError('bad_signature');
      if (form.app_id !== settings.appId) throw new NotifyRefusedError('wrong_merchant', 'app_id');
      if (settings.sellerId && form.seller_id !== settings.sellerId) {
        throw new NotifyRefusedError('wrong_merchant', 'seller_id');
      }
      const eventId = `alipay:${form.notify_id ?? ''}`;
      // A refund (ours, or one made in the merchant dashboard) carries out_biz_no and gmt_refund.
      if (form.out_biz_no && form.gmt_refund) {
        const refundedTotal = yuanToFen(form.refund_fee ?? '');
        return {
          kind: 'refund',
          eventId,
          refundedTotalFen: refundedTotal,
          refund: {
            provider: 'alipay',
            idempotencyKey: form.out_biz_no,
            merchantOrderNo: form.out_trade_no,
            providerRefundId: form.trade_no ?? null,
            amountFen: null,
            status: 'succeeded',
            failureReason: null,
            settledAt: parseProviderTime(form.gmt_refund),
          },
        };
      }
      const amount = yuanToFen(form.total_amount ?? '');
      if (amount === null) throw new NotifyRefusedError('malformed', 'total_amount');
      const status = tradeStatus(form.trade_status);
      return {
        kind: 'payment',
        eventId,
        payment: {
          provider: 'alipay',
          merchantOrderNo: form.out_trade_no,
          providerTradeNo: form.trade_no ?? null,
          status,
          amountFen: amount,
          paidAt: status === 'succeeded' ? parseProviderTime(form.gmt_payment ?? '') : null,
        },
      };
    },

    notifyAnswer(accepted) {
      // Alipay takes exactly "success"; anything else is delivered again later.
      return accepted
        ? { status: 200, contentType: 'text/plain', body: 'success' }
        : { status: 400, contentType: 'text/plain', body: 'fail' };
    },

    async downloadStatement(day) {
      const r = await call('alipay.data.dataservice.bill.downloadurl.query', {
        bill_type: 'trade',
        bill_date: day,
      });
      const url = str(r.bill_download_url);
      if (!url) throw new ChannelUnavailableError('Alipay bill: no download URL');
      let zip: Buffer;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        zip = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        throw new ChannelUnavailableError('Alipay bill download failed', { cause: err });
      }
      return parseAlipayBillZip(zip);
    },
  };
}
