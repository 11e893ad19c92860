// A local Alipay: the OpenAPI gateway (gateway.do), the cashier page, async notifies and the
// trade statement, over real HTTP on 127.0.0.1. It checks our request signatures with the
// application public key as Alipay does and signs its answers and notifies with a key pair
// generated per run. Test hooks change what it does next (drop an answer after applying the
// request, sign an answer with a stranger's key) or act as people would (the shopper pays on
// the cashier, the merchant refunds in the Alipay dashboard).
import { generateKeyPairSync, randomInt, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { billZip, type BillRow } from './bill.js';
import { rsa2Sign, rsa2Verify, signContent } from './sign.js';
import { dropConnection, postNotify, serve, type Delivery } from '../fake-providers/http.js';
import { StatementChanges } from '../fake-providers/statement-changes.js';

export interface FakeAlipayOptions {
  appId: string;
  /** The application public key the merchant uploaded to Alipay (PEM). */
  appPublicKeyPem: string;
  sellerId: string;
  /** Clock of the fake; default real time. */
  now?: () => Date;
}

interface Refund {
  outRequestNo: string;
  amountFen: number;
  reason: string;
  goods: unknown;
  at: Date;
  fromDashboard: boolean;
}

interface Trade {
  outTradeNo: string;
  tradeNo: string;
  totalFen: number;
  subject: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  notifyUrl: string;
  returnUrl: string;
  timeExpire: string;
  createdAt: Date;
  paidAt: Date | null;
  refunds: Map<string, Refund>;
}

type Fault = 'drop_answer' | 'foreign_signature';

const OFFSET_MS = 8 * 3600 * 1000;
function dashed(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const fenOf = (y: string) => Math.round(Number(y) * 100);

export type FakeAlipay = Awaited<ReturnType<typeof startFakeAlipay>>;

export async function startFakeAlipay(opts: FakeAlipayOptions) {
  const now = opts.now ?? (() => new Date());
  const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const trades = new Map<string, Trade>();
  const faults = new Map<string, { fault: Fault; times: number }>();
  const pending: { url: string; body: string }[] = [];
  const bills = new Map<string, Buffer>();
  const requests: { method: string; params: Record<string, string> }[] = [];
  const statement = new StatementChanges();
  let seq = 0;

  function respond(
    res: ServerResponse,
    method: string,
    body: Record<string, unknown>,
    key: KeyObject = alipayKeys.privateKey,
  ): void {
    const member = `${method.replaceAll('.', '_')}_response`;
    const inner = JSON.stringify(body);
    const text = `{"${member}":${inner},"sign":"${rsa2Sign(inner, key)}"}`;
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(text);
  }

  const ok = (extra: Record<string, unknown>) => ({ code: '10000', msg: 'Success', ...extra });
  const fail = (subCode: string, subMsg: string) => ({
    code: '40004',
    msg: 'Business Failed',
    sub_code: subCode,
    sub_msg: subMsg,
  });

  /** The notify Alipay sends for a trade, signed over everything but sign and sign_type. */
  function notifyParams(trade: Trade, refund?: Refund): Record<string, string> {
    const refunded = [...trade.refunds.values()].reduce((s, r) => s + r.amountFen, 0);
    const params: Record<string, string> = {
      notify_time: dashed(now()),
      notify_type: 'trade_status_sync',
      notify_id: `2026${String(++seq).padStart(8, '0')}${randomInt(1e6)}`,
      app_id: opts.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_id: '2088102177846880',
      seller_id: opts.sellerId,
      trade_status: trade.status,
      total_amount: yuan(trade.totalFen),
      receipt_amount: yuan(trade.totalFen),
      buyer_pay_amount: yuan(trade.totalFen),
      subject: trade.subject,
      body: '', // sent empty, and so left out of the signature
      gmt_create: dashed(trade.createdAt),
      ...(trade.paidAt ? { gmt_payment: dashed(trade.paidAt) } : {}),
      ...(refund
        ? {
            out_biz_no: refund.outRequestNo,
            refund_fee: yuan(refunded),
            gmt_refund: dashed(refund.at),
          }
        : {}),
    };
    return params;
  }

  function encodeNotify(params: Record<string, string>, key: KeyObject): string {
    const sign = rsa2Sign(signContent(params, ['sign', 'sign_type']), key);
    return new URLSearchParams({ ...params, sign }).toString();
  }

  function queueNotify(trade: Trade, refund?: Refund): void {
    pending.push({
      url: trade.notifyUrl,
      body: encodeNotify(notifyParams(trade, refund), alipayKeys.privateKey),
    });
  }

  function refusal(params: Record<string, string>): Record<string, unknown> | null {
    if (params.app_id !== opts.appId) return fail('isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2') return fail('isv.invalid-signature-type', '无效的签名类型');
    const content = signContent(params, ['sign']);
    if (!params.sign || !rsa2Verify(content, params.sign, opts.appPublicKeyPem)) {
      return {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: `验签出错，网关生成的验签字符串为：${content}`,
      };
    }
    return null;
  }

  function biz(params: Record<string, string>): Record<string, any> {
    return JSON.parse(params.biz_content ?? '{}') as Record<string, any>;
  }

  function refundable(trade: Trade): number {
    return trade.totalFen - [...trade.refunds.values()].reduce((s, r) => s + r.amountFen, 0);
  }

  function addRefund(trade: Trade, refund: Refund): void {
    trade.refunds.set(refund.outRequestNo, refund);
    if (refundable(trade) === 0) trade.status = 'TRADE_CLOSED';
    queueNotify(trade, refund);
  }

  const methods: Record<string, (p: Record<string, string>) => Record<string, unknown>> = {
    'alipay.trade.query'(p) {
      const trade = trades.get(biz(p).out_trade_no);
      if (!trade) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
      return ok({
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        trade_status: trade.status,
        total_amount: yuan(trade.totalFen),
        ...(trade.paidAt ? { send_pay_date: dashed(trade.paidAt) } : {}),
      });
    },
    'alipay.trade.close'(p) {
      const trade = trades.get(biz(p).out_trade_no);
      if (!trade) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
      if (trade.status !== 'WAIT_BUYER_PAY')
        return fail('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      trade.status = 'TRADE_CLOSED';
      return ok({ trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo });
    },
    'alipay.trade.refund'(p) {
      const b = biz(p);
      const trade = trades.get(b.out_trade_no);
      if (!trade) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const key = String(b.out_request_no ?? b.out_trade_no);
      const amount = fenOf(String(b.refund_amount));
      const earlier = trade.refunds.get(key);
      const answer = (fundChange: 'Y' | 'N') =>
        ok({
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          fund_change: fundChange,
          refund_fee: yuan(trade.totalFen - refundable(trade)),
          gmt_refund_pay: dashed(trade.refunds.get(key)!.at),
        });
      if (earlier) return answer('N'); // the same request again moves no money
      if (trade.status === 'WAIT_BUYER_PAY')
        return fail('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      if (amount <= 0 || amount > refundable(trade)) {
        return fail('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      }
      addRefund(trade, {
        outRequestNo: key,
        amountFen: amount,
        reason: String(b.refund_reason ?? ''),
        goods: b.refund_goods_detail ?? null,
        at: now(),
        fromDashboard: false,
      });
      return answer('Y');
    },
    'alipay.trade.fastpay.refund.query'(p) {
      const b = biz(p);
      const trade = trades.get(b.out_trade_no);
      if (!trade) return fail('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const refund = trade.refunds.get(String(b.out_request_no));
      if (!refund) return ok({ trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo });
      return ok({
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        out_request_no: refund.outRequestNo,
        total_amount: yuan(trade.totalFen),
        refund_amount: yuan(refund.amountFen),
        refund_status: 'REFUND_SUCCESS',
        ...(Array.isArray(b.query_options) && b.query_options.includes('gmt_refund_pay')
          ? { gmt_refund_pay: dashed(refund.at) }
          : {}),
      });
    },
    'alipay.data.dataservice.bill.downloadurl.query'(p) {
      const b = biz(p);
      if (b.bill_type !== 'trade' || !/^\d{4}-\d{2}-\d{2}$/.test(String(b.bill_date))) {
        return fail('isv.invalid-bill-date', '账单日期格式不正确');
      }
      const token = `${String(b.bill_date)}-${++seq}`;
      bills.set(token, Buffer.alloc(0));
      return ok({ bill_download_url: `${server.url}/bill/${token}` });
    },
  };

  function openCashier(params: Record<string, string>, res: ServerResponse): void {
    const b = biz(params);
    const existing = trades.get(b.out_trade_no);
    if (existing && existing.totalFen !== fenOf(b.total_amount)) {
      res
        .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
        .end('<p>订单信息不一致</p>');
      return;
    }
    const trade: Trade = existing ?? {
      outTradeNo: String(b.out_trade_no),
      tradeNo: `2026${Date.now()}${++seq}`,
      totalFen: fenOf(String(b.total_amount)),
      subject: String(b.subject),
      status: 'WAIT_BUYER_PAY',
      notifyUrl: params.notify_url ?? '',
      returnUrl: params.return_url ?? '',
      timeExpire: String(b.time_expire ?? ''),
      createdAt: now(),
      paidAt: null,
      refunds: new Map(),
    };
    trades.set(trade.outTradeNo, trade);
    const open = trade.status === 'WAIT_BUYER_PAY' && !expired(trade);
    res
      .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
      .end(
        open
          ? `<h1>支付宝收银台</h1><p>${trade.subject}</p><p>¥${yuan(trade.totalFen)}</p>` +
              `<form method="post" action="/cashier/pay"><input type="hidden" name="out_trade_no" value="${trade.outTradeNo}">` +
              `<button type="submit">确认付款</button></form>`
          : '<p>交易已关闭</p>',
      );
  }

  function expired(trade: Trade): boolean {
    return trade.timeExpire !== '' && dashed(now()) > trade.timeExpire;
  }

  function payOnCashier(outTradeNo: string): Trade | null {
    const trade = trades.get(outTradeNo);
    if (!trade || trade.status !== 'WAIT_BUYER_PAY' || expired(trade)) return null;
    trade.status = 'TRADE_SUCCESS';
    trade.paidAt = now();
    queueNotify(trade);
    return trade;
  }

  async function billFor(day: string): Promise<Buffer> {
    const rows: BillRow[] = [];
    for (const t of trades.values()) {
      if (t.paidAt && dashed(t.paidAt).startsWith(day) && !statement.omitted.has(t.outTradeNo)) {
        rows.push({
          tradeNo: t.tradeNo,
          outTradeNo: t.outTradeNo,
          kind: '交易',
          subject: t.subject,
          createdAt: dashed(t.createdAt),
          finishedAt: dashed(t.paidAt),
          amount: yuan(statement.amountOf(t.outTradeNo, t.totalFen)),
          refundKey: '',
          fee: `-${yuan(Math.round(t.totalFen * 0.006))}`,
        });
      }
      for (const r of t.refunds.values()) {
        if (!dashed(r.at).startsWith(day)) continue;
        rows.push({
          tradeNo: t.tradeNo,
          outTradeNo: t.outTradeNo,
          kind: '退款',
          subject: t.subject,
          createdAt: dashed(t.createdAt),
          finishedAt: dashed(r.at),
          amount: `-${yuan(r.amountFen)}`,
          refundKey: r.outRequestNo,
          fee: yuan(Math.round(r.amountFen * 0.006)),
        });
      }
    }
    for (const extra of statement.extraPayments) {
      if (!dashed(extra.at).startsWith(day)) continue;
      rows.push({
        tradeNo: `2026${++seq}`,
        outTradeNo: extra.merchantOrderNo,
        kind: '交易',
        subject: '',
        createdAt: dashed(extra.at),
        finishedAt: dashed(extra.at),
        amount: yuan(extra.amountFen),
        refundKey: '',
        fee: '0.00',
      });
    }
    return billZip(opts.sellerId, day, rows);
  }

  const server = await serve(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/gateway.do') {
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
      const method = params.method ?? '';
      requests.push({ method, params });
      const refused = refusal(params);
      if (req.method === 'GET') {
        if (refused) {
          res
            .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
            .end(`<p>错误代码 ${String(refused.sub_code)}</p>`);
        } else openCashier(params, res);
        return;
      }
      if (refused) return respond(res, method, refused);
      const handler = methods[method];
      if (!handler) return respond(res, method, fail('isv.invalid-method', '不存在的方法名'));
      const answer = handler(params);
      const injected = faults.get(method);
      const fault = injected?.fault;
      if (injected && --injected.times <= 0) faults.delete(method);
      if (fault === 'drop_answer') return dropConnection(res);
      return respond(
        res,
        method,
        answer,
        fault === 'foreign_signature' ? strangerKeys.privateKey : alipayKeys.privateKey,
      );
    }
    if (url.pathname === '/cashier/pay' && req.method === 'POST') {
      const outTradeNo = new URLSearchParams(body.toString('utf8')).get('out_trade_no') ?? '';
      const trade = payOnCashier(outTradeNo);
      if (!trade) {
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end('<p>交易已关闭</p>');
        return;
      }
      res.writeHead(302, { location: trade.returnUrl || '/' }).end();
      return;
    }
    const bill = /^\/bill\/(\d{4}-\d{2}-\d{2})-\d+$/.exec(url.pathname);
    if (bill && bills.has(url.pathname.slice(6))) {
      res.writeHead(200, { 'content-type': 'application/zip' }).end(await billFor(bill[1]!));
      return;
    }
    res.writeHead(404).end();
  });

  return {
    gateway: `${server.url}/gateway.do`,
    alipayPublicKeyPem: alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    close: () => server.close(),
    /** The next `times` calls of `method` are applied, then their answers are lost / signed by a stranger. */
    inject(method: string, fault: Fault, times = 1) {
      faults.set(method, { fault, times });
    },
    trade: (outTradeNo: string) => trades.get(outTradeNo),
    requests,
    /** What the next statements get wrong (reconciliation tests). */
    statement,
    /** The shopper pays on the cashier page (same as submitting its form). */
    pay(outTradeNo: string): boolean {
      return payOnCashier(outTradeNo) !== null;
    },
    /** The merchant refunds in the Alipay dashboard: Alipay numbers the refund itself. */
    refundInDashboard(outTradeNo: string, amountFen: number): string {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      const key = `HZ01RF${String(++seq).padStart(6, '0')}`;
      addRefund(trade, {
        outRequestNo: key,
        amountFen,
        reason: '商家后台退款',
        goods: null,
        at: now(),
        fromDashboard: true,
      });
      return key;
    },
    /** A notify for `outTradeNo` as Alipay would send it, `edit`ed before signing with `key`. */
    notifyBody(
      outTradeNo: string,
      edit: (p: Record<string, string>) => void = () => {},
      key: 'alipay' | 'stranger' = 'alipay',
    ): string {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      const params = notifyParams(trade);
      edit(params);
      return encodeNotify(
        params,
        key === 'alipay' ? alipayKeys.privateKey : strangerKeys.privateKey,
      );
    },
    /** Sends every queued notify once, in order; how our side answered each. */
    async deliverNotifies(): Promise<Delivery[]> {
      const out: Delivery[] = [];
      for (const n of pending.splice(0)) {
        out.push(
          await postNotify(n.url, n.body, {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          }),
        );
      }
      return out;
    },
  };
}
