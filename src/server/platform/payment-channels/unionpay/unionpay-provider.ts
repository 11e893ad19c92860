import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import {
  NotifyRefusedError,
  ChannelRejectedError,
  ChannelUnavailableError,
  type ChannelNotify,
  type ChannelPayment,
  type ChannelProvider,
  type ChannelRefund,
  type ChannelRefundStatus,
  type PaymentReference,
} from '../channel-provider.js';
import type { UnionPaySettings } from '../config.js';
import { formatCompact, parseProviderTime } from '../shanghai-time.js';
import { digitsToFen } from '../amounts.js';
import { parseStatementFile } from './unionpay-statement.js';
import {
  checkSignerCertificate,
  parseAnswer,
  readSigningPfx,
  sign01,
  unionPayOrderId,
  verify01,
} from './unionpay-signing.js';

/**
 * UnionPay bank cards (银联全渠道 online gateway, 5.1.0, signMethod 01) on node:crypto: consume
 * through the front gateway, query, refund with its notify, the merchant statement. UnionPay
 * has no maintained Node SDK; the rules follow its published specification and Java SDK.
 * Every answer and notify is checked against the root → intermediate → signing certificate
 * chain before anything in it is used.
 */
export interface UnionPayProviderOptions {
  settings: UnionPaySettings;
  /** Per request. Default 10000 ms (UnionPay's back gateway is slower than the wallets'). */
  timeoutMs?: number;
  now?: () => Date;
}

/** respCode/origRespCode meaning "accepted, not final yet". */
const IN_FLIGHT = new Set(['03', '04', '05']);

interface RefundMemo {
  /** our idempotency key */
  k: string;
  /** the payment's merchantOrderNo */
  o: string;
}

function encodeMemo(memo: RefundMemo): string {
  return Buffer.from(JSON.stringify(memo), 'utf8').toString('base64url');
}

function decodeMemo(text: string | undefined): RefundMemo | null {
  if (!text) return null;
  try {
    const memo = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<RefundMemo>;
    return typeof memo.k === 'string' && typeof memo.o === 'string'
      ? { k: memo.k, o: memo.o }
      : null;
  } catch {
    return null;
  }
}

export function createUnionPayProvider(opts: UnionPayProviderOptions): ChannelProvider {
  const { settings } = opts;
  const signing = readSigningPfx(settings.signPfx, settings.signPfxPassword);
  const privateKey: KeyObject = createPrivateKey(signing.privateKeyPem);
  const chain = {
    middle: new X509Certificate(settings.middleCertPem),
    root: new X509Certificate(settings.rootCertPem),
  };
  const gateway = settings.gateway.replace(/\/+$/, '');
  const now = opts.now ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? 10_000;

  const base = () => ({
    version: '5.1.0',
    encoding: 'UTF-8',
    signMethod: '01',
    certId: signing.certId,
    merId: settings.merId,
    accessType: '0',
  });

  function signed(fields: Record<string, string>): Record<string, string> {
    return { ...fields, signature: sign01(fields, privateKey) };
  }

  // UnionPay signs with one certificate for years: once its chain is checked, its key is kept
  // (validity is still checked on every use). A handful at most, across a certificate change.
  const signers = new Map<string, { publicKey: KeyObject; from: Date; to: Date }>();

  function signerKey(pem: string): KeyObject | null {
    let known = signers.get(pem);
    if (!known) {
      if (checkSignerCertificate(pem, chain, now()) !== null) return null;
      const cert = new X509Certificate(pem);
      known = {
        publicKey: cert.publicKey,
        from: new Date(cert.validFrom),
        to: new Date(cert.validTo),
      };
      if (signers.size >= 4) signers.clear();
      signers.set(pem, known);
    }
    const at = now();
    return at >= known.from && at <= known.to ? known.publicKey : null;
  }

  /** Whether `fields` came from UnionPay: its certificate chains to ours, its signature holds. */
  function fromUnionPay(fields: Record<string, string>): boolean {
    const cert = fields.signPubKeyCert;
    if (!cert || !fields.signature) return false;
    const key = signerKey(cert);
    return key !== null && verify01(fields, key);
  }

  async function post(
    url: string,
    fields: Record<string, string>,
  ): Promise<Record<string, string>> {
    const what = `${fields.txnType ?? ''} ${url.split('/').pop() ?? ''}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams(signed(fields)).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new ChannelUnavailableError(`UnionPay unreachable (${what})`, { cause: err });
    }
    if (!res.ok) throw new ChannelUnavailableError(`UnionPay answered ${res.status} (${what})`);
    const answer = parseAnswer(text);
    if (!fromUnionPay(answer)) {
      throw new ChannelUnavailableError(`UnionPay answer not verified (${what})`);
    }
    if (answer.merId !== settings.merId) {
      throw new ChannelUnavailableError(`UnionPay answered for another merchant (${what})`);
    }
    return answer;
  }

  const query = (orderId: string, requestedAt: Date) =>
    post(`${gateway}/gateway/api/queryTrans.do`, {
      ...base(),
      txnType: '00',
      txnSubType: '00',
      bizType: '000000',
      orderId,
      txnTime: formatCompact(requestedAt),
    });

  async function queryPayment(payment: PaymentReference): Promise<ChannelPayment> {
    const a = await query(payment.merchantOrderNo, payment.requestedAt);
    const unknown: ChannelPayment = {
      provider: 'unionpay',
      merchantOrderNo: payment.merchantOrderNo,
      providerTradeNo: null,
      status: 'pending',
      amountFen: null,
      paidAt: null,
    };
    if (a.respCode === '34') return unknown; // the shopper has not submitted the card page
    if (a.respCode !== '00')
      throw new ChannelUnavailableError(`UnionPay query: ${a.respCode ?? '?'}`);
    const state = a.origRespCode ?? '';
    if (state === '00') {
      return {
        ...unknown,
        providerTradeNo: a.queryId ?? null,
        status: 'succeeded',
        amountFen: digitsToFen(a.txnAmt ?? ''),
        paidAt: parseProviderTime(a.txnTime ?? ''),
      };
    }
    return {
      ...unknown,
      providerTradeNo: a.queryId ?? null,
      status: IN_FLIGHT.has(state) ? 'pending' : 'closed',
    };
  }

  function refundState(code: string | undefined): {
    status: ChannelRefundStatus;
    failureReason: string | null;
  } {
    if (code === '00') return { status: 'succeeded', failureReason: null };
    if (code && IN_FLIGHT.has(code)) return { status: 'processing', failureReason: null };
    return { status: 'failed', failureReason: `declined_${code ?? 'unknown'}` };
  }

  async function queryRefund(
    idempotencyKey: string,
    payment: PaymentReference,
    requestedAt: Date,
  ): Promise<ChannelRefund> {
    const a = await query(unionPayOrderId(idempotencyKey), requestedAt);
    if (a.respCode === '34') {
      throw new ChannelRejectedError('refund_not_found', 'UnionPay has no refund under this key');
    }
    if (a.respCode !== '00')
      throw new ChannelUnavailableError(`UnionPay query: ${a.respCode ?? '?'}`);
    const state = refundState(a.origRespCode);
    return {
      provider: 'unionpay',
      idempotencyKey,
      merchantOrderNo: payment.merchantOrderNo,
      providerRefundId: a.queryId ?? null,
      amountFen: digitsToFen(a.txnAmt ?? ''),
      ...state,
      settledAt: null, // the card's bank credits it 1-3 business days after UnionPay's success
    };
  }

  return {
    name: 'unionpay',

    async startPayment(input) {
      if (!/^[A-Za-z0-9]{8,40}$/.test(input.merchantOrderNo)) {
        throw new ChannelRejectedError(
          'invalid_order_id',
          'UnionPay orderId: 8-40 letters and digits',
        );
      }
      const fields = signed({
        ...base(),
        txnType: '01',
        txnSubType: '01',
        bizType: '000201',
        channelType: input.scene === 'desktop' ? '07' : '08',
        orderId: input.merchantOrderNo,
        txnTime: formatCompact(input.requestedAt),
        txnAmt: String(input.amountFen),
        currencyCode: '156',
        frontUrl: input.returnUrl,
        backUrl: input.notifyUrl,
        payTimeout: formatCompact(input.expiresAt),
      });
      // The shopper's browser posts this form to UnionPay's card page.
      return { kind: 'form', action: `${gateway}/gateway/api/frontTransReq.do`, fields };
    },

    queryPayment,

    async closePayment(payment) {
      // UnionPay has no call to close an unpaid consume: payTimeout (our deadline) ends it, so
      // at or after the deadline an unpaid payment is closed; a paid one stays paid.
      const state = await queryPayment(payment);
      return state.status === 'succeeded' ? state : { ...state, status: 'closed' };
    },

    async refund(input) {
      if (!input.payment.providerTradeNo) {
        throw new ChannelRejectedError(
          'payment_not_paid',
          'UnionPay refunds name the payment by its queryId',
        );
      }
      const a = await post(`${gateway}/gateway/api/backTransReq.do`, {
        ...base(),
        txnType: '04',
        txnSubType: '00',
        bizType: '000201',
        channelType: '07',
        orderId: unionPayOrderId(input.idempotencyKey),
        origQryId: input.payment.providerTradeNo,
        txnTime: formatCompact(input.requestedAt),
        txnAmt: String(input.amountFen),
        currencyCode: '156',
        backUrl: input.notifyUrl,
        reqReserved: encodeMemo({ k: input.idempotencyKey, o: input.payment.merchantOrderNo }),
      });
      if (a.respCode === '12') {
        // The same orderId and txnTime again: UnionPay already has this refund.
        return queryRefund(input.idempotencyKey, input.payment, input.requestedAt);
      }
      if (a.respCode === '00' || IN_FLIGHT.has(a.respCode ?? '')) {
        return {
          provider: 'unionpay',
          idempotencyKey: input.idempotencyKey,
          merchantOrderNo: input.payment.merchantOrderNo,
          providerRefundId: a.queryId ?? null,
          amountFen: input.amountFen,
          status: 'processing',
          failureReason: null,
          settledAt: null,
        };
      }
      if (a.respCode === '06') throw new ChannelUnavailableError('UnionPay busy');
      throw new ChannelRejectedError(
        `respCode_${a.respCode ?? '?'}`,
        a.respMsg ?? 'UnionPay refused the refund',
      );
    },

    queryRefund(q) {
      return queryRefund(q.idempotencyKey, q.payment, q.requestedAt);
    },

    parseNotify(request): ChannelNotify {
      const fields = Object.fromEntries(new URLSearchParams(request.rawBody));
      if (!fields.orderId || !fields.txnType) throw new NotifyRefusedError('malformed');
      if (!fromUnionPay(fields)) throw new NotifyRefusedError('bad_signature');
      if (fields.merId !== settings.merId) throw new NotifyRefusedError('wrong_merchant', 'merId');
      const eventId = `unionpay:${fields.txnType}:${fields.orderId}:${fields.txnTime ?? ''}:${fields.respCode ?? ''}`;
      const amount = digitsToFen(fields.txnAmt ?? '');
      if (amount === null) throw new NotifyRefusedError('malformed', 'txnAmt');
      if (fields.txnType === '01') {
        const paid = fields.respCode === '00';
        return {
          kind: 'payment',
          eventId,
          payment: {
            provider: 'unionpay',
            merchantOrderNo: fields.orderId,
            providerTradeNo: fields.queryId ?? null,
            status: paid ? 'succeeded' : 'pending',
            amountFen: amount,
            paidAt: paid ? parseProviderTime(fields.txnTime ?? '') : null,
          },
        };
      }
      if (fields.txnType === '04') {
        const memo = decodeMemo(fields.reqReserved);
        return {
          kind: 'refund',
          eventId,
          refundedTotalFen: null,
          refund: {
            provider: 'unionpay',
            // Without our memo (not ours), UnionPay's own orderId is the only name it has.
            idempotencyKey: memo?.k ?? fields.orderId,
            merchantOrderNo: memo?.o ?? '',
            originalTradeNo: fields.origQryId || null,
            providerRefundId: fields.queryId ?? null,
            amountFen: amount,
            ...refundState(fields.respCode),
            settledAt: null,
          },
        };
      }
      throw new NotifyRefusedError('malformed', `txnType ${fields.txnType}`);
    },

    notifyAnswer(accepted) {
      // UnionPay reads only the status: anything but 200 is delivered again later.
      return accepted
        ? { status: 200, contentType: 'text/plain', body: 'ok' }
        : { status: 400, contentType: 'text/plain', body: 'fail' };
    },

    async downloadStatement(day) {
      const a = await post(`${settings.fileGateway.replace(/\/+$/, '')}/`, {
        ...base(),
        txnType: '76',
        txnSubType: '01',
        bizType: '000000',
        settleDate: day.slice(5, 7) + day.slice(8, 10),
        txnTime: formatCompact(now()),
        fileType: '00',
      });
      if (a.respCode !== '00' || !a.fileContent) {
        throw new ChannelUnavailableError(
          `UnionPay statement: ${a.respCode ?? '?'} ${a.respMsg ?? ''}`,
        );
      }
      return parseStatementFile(a.fileContent, day);
    },
  };
}
