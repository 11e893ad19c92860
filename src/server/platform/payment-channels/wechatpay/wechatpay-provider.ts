import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import {
  NotifyRefusedError,
  ChannelRejectedError,
  ChannelUnavailableError,
  type ChannelNotify,
  type ChannelPayment,
  type ChannelProvider,
  type ChannelRefund,
  type PaymentReference,
} from '../channel-provider.js';
import type { WechatPaySettings } from '../config.js';
import { formatRfc3339, parseProviderTime } from '../shanghai-time.js';
import { parseWechatTradeBill } from './wechatpay-bill.js';
import {
  authorization,
  checkSignedHeaders,
  decryptResource,
  encryptSensitive,
} from './wechatpay-signing.js';

/**
 * WeChat Pay APIv3 on node:crypto (Native and H5 pay, query, close, refunds, abnormal refunds,
 * notifies, trade bill). Every answer's Wechatpay-Signature is checked against the 微信支付公钥
 * before its body is read; one that does not verify counts as no answer.
 */
export interface WechatPayProviderOptions {
  settings: WechatPaySettings;
  /** Per request. Default 5000 ms. */
  timeoutMs?: number;
  now?: () => Date;
}

const transactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.string(),
  success_time: z.string().optional(),
  amount: z
    .object({ total: z.number().int().optional(), payer_total: z.number().int().optional() })
    .optional(),
});

const refundSchema = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  status: z.string().optional(),
  refund_status: z.string().optional(),
  success_time: z.string().optional(),
  mchid: z.string().optional(),
  amount: z.object({ refund: z.number().int() }),
});

const notifySchema = z.object({
  id: z.string(),
  event_type: z.string(),
  resource_type: z.literal('encrypt-resource'),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    associated_data: z.string().optional(),
    nonce: z.string(),
  }),
});

const errorSchema = z.object({ code: z.string(), message: z.string() });

function refundStatus(s: string | undefined): Pick<ChannelRefund, 'status' | 'failureReason'> {
  switch (s) {
    case 'SUCCESS':
      return { status: 'succeeded', failureReason: null };
    case 'ABNORMAL': // card frozen or cancelled: needs a new destination
      return { status: 'failed', failureReason: 'abnormal' };
    case 'CLOSED':
      return { status: 'failed', failureReason: 'closed' };
    default:
      return { status: 'processing', failureReason: null };
  }
}

function toRefund(r: z.infer<typeof refundSchema>): ChannelRefund {
  const state = refundStatus(r.status ?? r.refund_status);
  return {
    provider: 'wechatpay',
    idempotencyKey: r.out_refund_no,
    merchantOrderNo: r.out_trade_no,
    providerRefundId: r.refund_id,
    amountFen: r.amount.refund,
    ...state,
    settledAt: state.status === 'succeeded' ? parseProviderTime(r.success_time ?? '') : null,
  };
}

export function createWechatPayProvider(opts: WechatPayProviderOptions): ChannelProvider {
  const { settings } = opts;
  const baseUrl = settings.baseUrl.replace(/\/+$/, '');
  const privateKey = createPrivateKey(settings.merchantPrivateKeyPem);
  const platformKey = {
    publicKey: createPublicKey(settings.platformPublicKeyPem),
    id: settings.platformPublicKeyId,
  };
  const now = opts.now ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? 5000;

  /** One signed request; the answer's signature is verified before its body is used. */
  async function request(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown; raw: string }> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const what = `${method} ${pathWithQuery.split('?')[0]}`;
    let res: Response;
    let raw: string;
    try {
      res = await fetch(`${baseUrl}${pathWithQuery}`, {
        method,
        headers: {
          authorization: authorization({
            mchId: settings.mchId,
            serialNo: settings.merchantSerialNo,
            privateKey,
            method,
            pathWithQuery,
            body: text,
          }),
          accept: 'application/json',
          'user-agent': 'btepai-orders',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...extraHeaders,
        },
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(timeoutMs),
      });
      raw = await res.text();
    } catch (err) {
      throw new ChannelUnavailableError(`WeChat Pay unreachable (${what})`, { cause: err });
    }
    if (res.status >= 500 || res.status === 429) {
      throw new ChannelUnavailableError(`WeChat Pay answered ${res.status} (${what})`);
    }
    const problem = checkSignedHeaders(Object.fromEntries(res.headers), raw, platformKey, now());
    if (problem) {
      throw new ChannelUnavailableError(`WeChat Pay answer not verified: ${problem} (${what})`);
    }
    let json: unknown = null;
    try {
      json = raw ? JSON.parse(raw) : null;
    } catch {
      throw new ChannelUnavailableError(`WeChat Pay answered something other than JSON (${what})`);
    }
    if (res.status >= 400) {
      const err = errorSchema.safeParse(json);
      throw new ChannelRejectedError(
        err.success ? err.data.code : `http_${res.status}`,
        err.success ? err.data.message : what,
        res.status,
      );
    }
    return { status: res.status, json, raw };
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ChannelUnavailableError(`Unexpected WeChat Pay answer (${what})`);
    return parsed.data;
  }

  function toPayment(t: z.infer<typeof transactionSchema>): ChannelPayment {
    if (t.mchid !== settings.mchId || t.appid !== settings.appId) {
      throw new ChannelUnavailableError('WeChat Pay answered for another merchant');
    }
    const paid = t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND';
    return {
      provider: 'wechatpay',
      merchantOrderNo: t.out_trade_no,
      providerTradeNo: t.transaction_id ?? null,
      status:
        t.trade_state === 'SUCCESS'
          ? 'succeeded'
          : t.trade_state === 'REFUND'
            ? 'refunded'
            : t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED'
              ? 'closed'
              : 'pending',
      amountFen: paid ? (t.amount?.total ?? null) : null,
      paidAt: paid ? parseProviderTime(t.success_time ?? '') : null,
    };
  }

  async function queryPayment(payment: PaymentReference): Promise<ChannelPayment> {
    const r = await request(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(payment.merchantOrderNo)}?mchid=${settings.mchId}`,
    );
    return toPayment(parse(transactionSchema, r.json, 'query'));
  }

  return {
    name: 'wechatpay',

    async startPayment(input) {
      const common = {
        appid: settings.appId,
        mchid: settings.mchId,
        description: input.description,
        out_trade_no: input.merchantOrderNo,
        time_expire: formatRfc3339(input.expiresAt),
        notify_url: input.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
      };
      if (input.scene === 'desktop') {
        const r = await request('POST', '/v3/pay/transactions/native', common);
        const { code_url } = parse(z.object({ code_url: z.string() }), r.json, 'native');
        return { kind: 'qr', content: code_url };
      }
      if (!input.clientIp)
        throw new ChannelRejectedError('client_ip_required', 'H5 pay needs the shopper’s IP');
      const r = await request('POST', '/v3/pay/transactions/h5', {
        ...common,
        scene_info: { payer_client_ip: input.clientIp, h5_info: { type: 'Wap' } },
      });
      const { h5_url } = parse(z.object({ h5_url: z.string() }), r.json, 'h5');
      // The shopper comes back to redirect_url when WeChat is done (paid or not).
      const url = `${h5_url}${h5_url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(input.returnUrl)}`;
      return { kind: 'redirect', url };
    },

    queryPayment,

    async closePayment(payment) {
      try {
        await request(
          'POST',
          `/v3/pay/transactions/out-trade-no/${encodeURIComponent(payment.merchantOrderNo)}/close`,
          { mchid: settings.mchId },
        );
      } catch (err) {
        // Paid first: the query below reports it; WeChat's state decides the race.
        if (!(err instanceof ChannelRejectedError && err.code === 'ORDERPAID')) throw err;
      }
      return queryPayment(payment);
    },

    async refund(input) {
      const r = await request('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.payment.merchantOrderNo,
        out_refund_no: input.idempotencyKey,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.payment.amountFen, currency: 'CNY' },
        ...(input.lines?.length
          ? {
              goods_detail: input.lines.map((l) => ({
                merchant_goods_id: l.merchantGoodsId,
                goods_name: l.name,
                unit_price: l.unitPriceFen,
                refund_amount: l.refundFen,
                refund_quantity: l.quantity,
              })),
            }
          : {}),
      });
      return toRefund(parse(refundSchema, r.json, 'refund'));
    },

    async queryRefund(query) {
      try {
        const r = await request(
          'GET',
          `/v3/refund/domestic/refunds/${encodeURIComponent(query.idempotencyKey)}`,
        );
        return toRefund(parse(refundSchema, r.json, 'refund query'));
      } catch (err) {
        if (err instanceof ChannelRejectedError && err.code === 'RESOURCE_NOT_EXISTS') {
          throw new ChannelRejectedError('refund_not_found', err.message, err.status);
        }
        throw err;
      }
    },

    async refundToNewDestination(refund, destination) {
      if (!refund.providerRefundId) {
        throw new ChannelRejectedError('refund_not_found', 'no WeChat refund id');
      }
      const body =
        destination.type === 'bank_card'
          ? {
              out_refund_no: refund.idempotencyKey,
              type: 'USER_BANK_CARD',
              bank_type: destination.bankType,
              bank_account: encryptSensitive(destination.accountNo, platformKey.publicKey),
              real_name: encryptSensitive(destination.holderName, platformKey.publicKey),
            }
          : { out_refund_no: refund.idempotencyKey, type: 'MERCHANT_BANK_CARD' };
      // Wechatpay-Serial names the key the sensitive fields were encrypted to.
      const r = await request(
        'POST',
        `/v3/refund/domestic/refunds/${encodeURIComponent(refund.providerRefundId)}/apply-abnormal-refund`,
        body,
        { 'wechatpay-serial': platformKey.id },
      );
      return toRefund(parse(refundSchema, r.json, 'abnormal refund'));
    },

    parseNotify(request, at): ChannelNotify {
      const problem = checkSignedHeaders(request.headers, request.rawBody, platformKey, at);
      if (problem) throw new NotifyRefusedError(problem);
      let envelope: z.infer<typeof notifySchema>;
      let resource: unknown;
      try {
        envelope = notifySchema.parse(JSON.parse(request.rawBody));
        resource = JSON.parse(decryptResource(envelope.resource, settings.apiV3Key));
      } catch {
        throw new NotifyRefusedError('malformed');
      }
      const eventId = `wechatpay:${envelope.id}`;
      if (envelope.event_type.startsWith('TRANSACTION.')) {
        const t = transactionSchema.safeParse(resource);
        if (!t.success) throw new NotifyRefusedError('malformed');
        if (t.data.mchid !== settings.mchId || t.data.appid !== settings.appId) {
          throw new NotifyRefusedError('wrong_merchant');
        }
        return { kind: 'payment', eventId, payment: toPayment(t.data) };
      }
      if (envelope.event_type.startsWith('REFUND.')) {
        const r = refundSchema.safeParse(resource);
        if (!r.success) throw new NotifyRefusedError('malformed');
        if (r.data.mchid !== settings.mchId) throw new NotifyRefusedError('wrong_merchant');
        return { kind: 'refund', eventId, refund: toRefund(r.data), refundedTotalFen: null };
      }
      throw new NotifyRefusedError('malformed', envelope.event_type);
    },

    notifyAnswer(accepted) {
      // Taken: 200/204 without a body. Not taken: 4xx/5xx with a JSON reason; WeChat retries.
      return accepted
        ? { status: 204, contentType: null, body: '' }
        : {
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'FAIL', message: '失败' }),
          };
    },

    async downloadStatement(day) {
      const r = await request('GET', `/v3/bill/tradebill?bill_date=${day}&bill_type=ALL`);
      const bill = parse(
        z.object({
          hash_type: z.literal('SHA1'),
          hash_value: z.string(),
          download_url: z.string(),
        }),
        r.json,
        'tradebill',
      );
      // The file itself comes unsigned: it is checked by the hash in the signed answer above.
      // It is fetched from the API host we were configured with, whatever host the URL names.
      const url = new URL(bill.download_url);
      const pathWithQuery = `${url.pathname}${url.search}`;
      let data: Buffer;
      try {
        const res = await fetch(`${baseUrl}${pathWithQuery}`, {
          headers: {
            authorization: authorization({
              mchId: settings.mchId,
              serialNo: settings.merchantSerialNo,
              privateKey,
              method: 'GET',
              pathWithQuery,
              body: '',
            }),
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        data = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        throw new ChannelUnavailableError('WeChat Pay bill download failed', { cause: err });
      }
      if (createHash('sha1').update(data).digest('hex') !== bill.hash_value.toLowerCase()) {
        throw new ChannelUnavailableError('WeChat Pay bill: hash differs');
      }
      return parseWechatTradeBill(data.toString('utf8'));
    },
  };
}
