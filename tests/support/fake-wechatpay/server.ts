// A local WeChat Pay (APIv3) over real HTTP on 127.0.0.1: Native and H5 pay, query, close,
// refunds (with abnormal refunds), notifies and the trade bill. It checks every request's
// Authorization as WeChat Pay does (schema, mchid, the merchant certificate's serial, a fresh
// timestamp, SHA256-RSA over method, path, timestamp, nonce, body) and signs its answers and
// notifies with a 微信支付公钥 pair generated per run; notify resources are encrypted
// AEAD_AES_256_GCM with the APIv3 key the merchant set.
import {
  constants,
  createCipheriv,
  createHash,
  createSign,
  createVerify,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { dropConnection, postNotify, serve, type Delivery } from '../fake-providers/http.js';
import { StatementChanges } from '../fake-providers/statement-changes.js';

export interface FakeWechatPayOptions {
  mchId: string;
  appId: string;
  /** The merchant API certificate's public key and serial (as uploaded to WeChat Pay). */
  merchantPublicKeyPem: string;
  merchantSerialNo: string;
  apiV3Key: string;
  now?: () => Date;
}

interface Refund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  amountFen: number;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  notifyUrl: string;
  goods: unknown;
  createdAt: Date;
  successAt: Date | null;
  newDestination: { type: string; bankType?: string; account?: string; name?: string } | null;
  fromDashboard: boolean;
}

interface Transaction {
  outTradeNo: string;
  transactionId: string;
  totalFen: number;
  description: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  notifyUrl: string;
  timeExpire: string;
  paidAt: Date | null;
  refunds: Map<string, Refund>;
}

type Fault = 'drop_answer' | 'foreign_signature';

const OFFSET_MS = 8 * 3600 * 1000;
const rfc3339 = (at: Date) =>
  `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
const dashed = (at: Date) => rfc3339(at).slice(0, 19).replace('T', ' ');
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

// WeChat Pay's side of the signatures, written out here rather than shared with the adapter so
// that a mistake in one is not mirrored by the other.
const lines = (...parts: string[]) => parts.map((p) => `${p}\n`).join('');
const rsaSign = (message: string, key: KeyObject) =>
  createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
function rsaVerify(message: string, signature: string, keyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(keyPem, signature, 'base64');
  } catch {
    return false;
  }
}
/** `WECHATPAY2-SHA256-RSA2048 k="v",k="v"` → fields; null for any other schema. */
function parseAuthorization(header: string): Record<string, string> | null {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
  if (!m) return null;
  return Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((f) => [f[1]!, f[2]!]));
}

export type FakeWechatPay = Awaited<ReturnType<typeof startFakeWechatPay>>;

export async function startFakeWechatPay(opts: FakeWechatPayOptions) {
  const now = opts.now ?? (() => new Date());
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyId = `PUB_KEY_ID_0111${randomBytes(12).toString('hex').toUpperCase()}`;
  const transactions = new Map<string, Transaction>();
  const refundsById = new Map<string, Refund>();
  const faults = new Map<string, { fault: Fault; times: number }>();
  const pending: { url: string; body: string; headers: Record<string, string> }[] = [];
  const bills = new Map<string, string>();
  const requests: { method: string; path: string; body: string }[] = [];
  const statement = new StatementChanges();
  let seq = 0;

  function signedHeaders(body: string, key: KeyObject = platform.privateKey) {
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const nonce = randomBytes(16).toString('hex');
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': rsaSign(lines(timestamp, nonce, body), key),
      'wechatpay-serial': publicKeyId,
      'request-id': `08${randomBytes(8).toString('hex')}`,
    };
  }

  function answer(res: ServerResponse, status: number, json: unknown, fault?: Fault) {
    if (fault === 'drop_answer') return dropConnection(res);
    const body = json === undefined ? '' : JSON.stringify(json);
    const key = fault === 'foreign_signature' ? stranger.privateKey : platform.privateKey;
    res.writeHead(status, {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...signedHeaders(body, key),
    });
    res.end(body);
  }

  const error = (code: string, message: string) => ({ code, message });

  function transactionJson(t: Transaction) {
    return {
      appid: opts.appId,
      mchid: opts.mchId,
      out_trade_no: t.outTradeNo,
      ...(t.state === 'NOTPAY' ? {} : { transaction_id: t.transactionId }),
      trade_type: 'NATIVE',
      trade_state: t.state,
      trade_state_desc: t.state,
      ...(t.paidAt ? { success_time: rfc3339(t.paidAt) } : {}),
      amount: {
        total: t.totalFen,
        payer_total: t.totalFen,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
  }

  function refundJson(r: Refund, forNotify = false) {
    const t = transactions.get(r.outTradeNo)!;
    return {
      ...(forNotify ? { mchid: opts.mchId, refund_status: r.status } : { status: r.status }),
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: t.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successAt ? { success_time: rfc3339(r.successAt) } : {}),
      create_time: rfc3339(r.createdAt),
      amount: {
        total: t.totalFen,
        refund: r.amountFen,
        payer_total: t.totalFen,
        payer_refund: r.amountFen,
        currency: 'CNY',
      },
    };
  }

  function encrypt(plain: string, originalType: string) {
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv(
      'aes-256-gcm',
      Buffer.from(opts.apiV3Key, 'utf8'),
      Buffer.from(nonce, 'utf8'),
    );
    cipher.setAAD(Buffer.from(originalType, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return {
      original_type: originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: data.toString('base64'),
      associated_data: originalType,
      nonce,
    };
  }

  /** A notify as WeChat Pay sends it: signed envelope, encrypted resource. */
  function notifyFor(
    eventType: string,
    resource: unknown,
    originalType: string,
    key = platform.privateKey,
  ) {
    const body = JSON.stringify({
      id: `EV-${Date.now()}-${++seq}`,
      create_time: rfc3339(now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType.startsWith('REFUND') ? '退款状态变更' : '支付成功',
      resource: encrypt(JSON.stringify(resource), originalType),
    });
    return { body, headers: { 'content-type': 'application/json', ...signedHeaders(body, key) } };
  }

  function queueRefundNotify(r: Refund) {
    const eventType = `REFUND.${r.status}`;
    pending.push({ url: r.notifyUrl, ...notifyFor(eventType, refundJson(r, true), 'refund') });
  }

  /** The request's Authorization, checked as WeChat Pay checks it; null when it passes. */
  function authProblem(method: string, path: string, body: string, header: string | undefined) {
    const auth = header ? parseAuthorization(header) : null;
    if (!auth) return error('SIGN_ERROR', '错误的签名，验签失败');
    if (auth.mchid !== opts.mchId) return error('SIGN_ERROR', '商户号与签名不符');
    if (auth.serial_no !== opts.merchantSerialNo) return error('SIGN_ERROR', '证书序列号错误');
    const ts = Number(auth.timestamp);
    if (!Number.isInteger(ts) || Math.abs(now().getTime() / 1000 - ts) > 300) {
      return error('SIGN_ERROR', '请求时间戳过期');
    }
    const message = lines(method, path, auth.timestamp!, auth.nonce_str ?? '', body);
    if (!rsaVerify(message, auth.signature ?? '', opts.merchantPublicKeyPem)) {
      return error('SIGN_ERROR', '错误的签名，验签失败');
    }
    return null;
  }

  function billCsv(day: string): string {
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const rows: string[] = [];
    const row = (cells: string[]) => rows.push(cells.map((c) => `\`${c}`).join(','));
    const common = (at: Date, transactionId: string, outTradeNo: string) => [
      dashed(at),
      opts.appId,
      opts.mchId,
      '0',
      '',
      transactionId,
      outTradeNo,
      'oUpF8uMuAJO',
      'NATIVE',
    ];
    const payment = (
      at: Date,
      transactionId: string,
      outTradeNo: string,
      fen: number,
      what: string,
    ) =>
      row([
        ...common(at, transactionId, outTradeNo),
        'SUCCESS',
        'OTHERS',
        'CNY',
        yuan(fen),
        '0.00',
        '0',
        '0',
        '0.00',
        '0.00',
        '',
        '',
        what,
        '',
        yuan(Math.round(fen * 0.006)),
        '0.60%',
        yuan(fen),
        '0.00',
        '',
      ]);
    for (const t of transactions.values()) {
      if (t.paidAt && dashed(t.paidAt).startsWith(day) && !statement.omitted.has(t.outTradeNo)) {
        const fen = statement.amountOf(t.outTradeNo, t.totalFen);
        payment(t.paidAt, t.transactionId, t.outTradeNo, fen, t.description);
      }
      for (const r of t.refunds.values()) {
        if (!r.successAt || !dashed(r.successAt).startsWith(day)) continue;
        row([
          ...common(r.successAt, t.transactionId, t.outTradeNo),
          'REFUND',
          'OTHERS',
          'CNY',
          '0.00',
          '0.00',
          r.refundId,
          r.outRefundNo,
          yuan(r.amountFen),
          '0.00',
          'ORIGINAL',
          'SUCCESS',
          t.description,
          '',
          `-${yuan(Math.round(r.amountFen * 0.006))}`,
          '0.60%',
          '0.00',
          yuan(r.amountFen),
          '',
        ]);
      }
    }
    for (const extra of statement.extraPayments) {
      if (!dashed(extra.at).startsWith(day)) continue;
      payment(extra.at, `42000${++seq}`, extra.merchantOrderNo, extra.amountFen, '');
    }
    return (
      [
        header,
        ...rows,
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
        `\`${rows.length},\`0.00,\`0.00,\`0.00,\`0.00,\`0.00,\`0.00`,
      ].join('\r\n') + '\r\n'
    );
  }

  type Route = (m: RegExpExecArray, body: any, url: URL) => [number, unknown];
  const routes: [string, RegExp, Route][] = [
    [
      'POST',
      /^\/v3\/pay\/transactions\/(native|h5)$/,
      (m, b) => {
        if (b.appid !== opts.appId || b.mchid !== opts.mchId)
          return [400, error('PARAM_ERROR', 'appid和mch_id不匹配')];
        if (!Number.isInteger(b.amount?.total) || b.amount.total <= 0)
          return [400, error('PARAM_ERROR', '金额错误')];
        if (m[1] === 'h5' && !b.scene_info?.payer_client_ip)
          return [400, error('PARAM_ERROR', '缺少payer_client_ip')];
        const existing = transactions.get(b.out_trade_no);
        if (existing && existing.totalFen !== b.amount.total)
          return [400, error('INVALID_REQUEST', '201 商户订单号重复')];
        const t: Transaction = existing ?? {
          outTradeNo: b.out_trade_no,
          transactionId: `42000${Date.now()}${++seq}`,
          totalFen: b.amount.total,
          description: b.description,
          state: 'NOTPAY',
          notifyUrl: b.notify_url,
          timeExpire: b.time_expire ?? '',
          paidAt: null,
          refunds: new Map(),
        };
        transactions.set(t.outTradeNo, t);
        const prepay = `wx${Date.now()}${seq}`;
        return m[1] === 'native'
          ? [200, { code_url: `weixin://wxpay/bizpayurl?pr=${prepay}` }]
          : [200, { h5_url: `${server.url}/h5pay/?prepay_id=${prepay}&package=${t.outTradeNo}` }];
      },
    ],
    [
      'GET',
      /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/,
      (m, _b, url) => {
        if (url.searchParams.get('mchid') !== opts.mchId)
          return [400, error('PARAM_ERROR', 'mchid错误')];
        const t = transactions.get(decodeURIComponent(m[1]!));
        return t ? [200, transactionJson(t)] : [404, error('ORDER_NOT_EXIST', '订单不存在')];
      },
    ],
    [
      'POST',
      /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/,
      (m) => {
        const t = transactions.get(decodeURIComponent(m[1]!));
        if (!t) return [404, error('ORDER_NOT_EXIST', '订单不存在')];
        if (t.state === 'SUCCESS' || t.state === 'REFUND')
          return [400, error('ORDERPAID', '订单已支付')];
        t.state = 'CLOSED';
        return [204, undefined];
      },
    ],
    [
      'POST',
      /^\/v3\/refund\/domestic\/refunds$/,
      (_m, b) => {
        const t = transactions.get(b.out_trade_no);
        if (!t) return [404, error('RESOURCE_NOT_EXISTS', '订单不存在')];
        const earlier = t.refunds.get(b.out_refund_no);
        if (earlier) {
          // the same out_refund_no names the same refund; different amounts are refused
          return earlier.amountFen === b.amount?.refund
            ? [200, refundJson(earlier)]
            : [400, error('INVALID_REQUEST', '同一退款单号的退款金额不一致')];
        }
        if (t.state !== 'SUCCESS' && t.state !== 'REFUND')
          return [400, error('INVALID_REQUEST', '订单未支付')];
        if (b.amount?.total !== t.totalFen)
          return [400, error('PARAM_ERROR', '订单金额与实际不符')];
        const refunded = [...t.refunds.values()]
          .filter((r) => r.status !== 'CLOSED')
          .reduce((s, r) => s + r.amountFen, 0);
        if (
          !Number.isInteger(b.amount?.refund) ||
          b.amount.refund <= 0 ||
          refunded + b.amount.refund > t.totalFen
        ) {
          return [400, error('INVALID_REQUEST', '申请退款金额超过订单可退金额')];
        }
        const r: Refund = {
          refundId: `50300${Date.now()}${++seq}`,
          outRefundNo: b.out_refund_no,
          outTradeNo: t.outTradeNo,
          amountFen: b.amount.refund,
          status: 'PROCESSING',
          notifyUrl: b.notify_url ?? t.notifyUrl,
          goods: b.goods_detail ?? null,
          createdAt: now(),
          successAt: null,
          newDestination: null,
          fromDashboard: false,
        };
        t.refunds.set(r.outRefundNo, r);
        refundsById.set(r.refundId, r);
        t.state = 'REFUND';
        return [200, refundJson(r)];
      },
    ],
    [
      'GET',
      /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/,
      (m) => {
        const key = decodeURIComponent(m[1]!);
        for (const t of transactions.values()) {
          const r = t.refunds.get(key);
          if (r) return [200, refundJson(r)];
        }
        return [404, error('RESOURCE_NOT_EXISTS', '退款单不存在')];
      },
    ],
    [
      'POST',
      /^\/v3\/refund\/domestic\/refunds\/([^/]+)\/apply-abnormal-refund$/,
      (m, b) => {
        const r = refundsById.get(decodeURIComponent(m[1]!));
        if (!r || r.outRefundNo !== b.out_refund_no)
          return [404, error('RESOURCE_NOT_EXISTS', '退款单不存在')];
        if (r.status !== 'ABNORMAL') return [400, error('INVALID_REQUEST', '退款单状态不是异常')];
        const decrypt = (v: string) =>
          privateDecrypt(
            {
              key: platform.privateKey,
              padding: constants.RSA_PKCS1_OAEP_PADDING,
              oaepHash: 'sha1',
            },
            Buffer.from(v, 'base64'),
          ).toString('utf8');
        try {
          r.newDestination =
            b.type === 'USER_BANK_CARD'
              ? {
                  type: b.type,
                  bankType: b.bank_type,
                  account: decrypt(b.bank_account),
                  name: decrypt(b.real_name),
                }
              : { type: b.type };
        } catch {
          return [400, error('PARAM_ERROR', '敏感信息解密失败')];
        }
        r.status = 'PROCESSING';
        return [200, refundJson(r)];
      },
    ],
    [
      'GET',
      /^\/v3\/bill\/tradebill$/,
      (_m, _b, url) => {
        const day = url.searchParams.get('bill_date') ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
          return [400, error('PARAM_ERROR', '账单日期格式错误')];
        const token = randomBytes(12).toString('hex');
        const csv = billCsv(day);
        bills.set(token, csv);
        return [
          200,
          {
            hash_type: 'SHA1',
            hash_value: createHash('sha1').update(csv, 'utf8').digest('hex'),
            download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${token}`,
          },
        ];
      },
    ],
  ];

  const server = await serve(async (req, rawBody, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = rawBody.toString('utf8');
    const path = req.url ?? '/';
    if (url.pathname.startsWith('/v3/')) {
      requests.push({ method: req.method ?? '', path, body });
      const problem = authProblem(req.method ?? '', path, body, req.headers.authorization);
      if (problem) return answer(res, 401, problem);
      if (url.pathname === '/v3/billdownload/file') {
        const csv = bills.get(url.searchParams.get('token') ?? '');
        if (!csv) return answer(res, 404, error('RESOURCE_NOT_EXISTS', '账单不存在'));
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(csv); // unsigned
        return;
      }
      if (
        req.method === 'POST' &&
        url.pathname.includes('/apply-abnormal-refund') &&
        req.headers['wechatpay-serial'] !== publicKeyId
      ) {
        return answer(res, 400, error('PARAM_ERROR', 'Wechatpay-Serial 错误'));
      }
      for (const [method, pattern, route] of routes) {
        const m = pattern.exec(url.pathname);
        if (!m || method !== req.method) continue;
        const [status, json] = route(m, body ? JSON.parse(body) : {}, url);
        const injected = faults.get(url.pathname);
        if (injected && --injected.times <= 0) faults.delete(url.pathname);
        return answer(res, status, json, injected?.fault);
      }
      return answer(res, 404, error('NOT_FOUND', '接口不存在'));
    }
    if (url.pathname === '/h5pay/') {
      const t = transactions.get(url.searchParams.get('package') ?? '');
      res
        .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
        .end(
          t && t.state === 'NOTPAY' ? `<p>微信支付 ¥${yuan(t.totalFen)}</p>` : '<p>订单已关闭</p>',
        );
      return;
    }
    res.writeHead(404).end();
  });

  function pay(outTradeNo: string): boolean {
    const t = transactions.get(outTradeNo);
    if (!t || t.state !== 'NOTPAY' || (t.timeExpire && rfc3339(now()) > t.timeExpire)) return false;
    t.state = 'SUCCESS';
    t.paidAt = now();
    pending.push({
      url: t.notifyUrl,
      ...notifyFor('TRANSACTION.SUCCESS', transactionJson(t), 'transaction'),
    });
    return true;
  }

  return {
    baseUrl: server.url,
    publicKeyId,
    platformPublicKeyPem: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    close: () => server.close(),
    requests,
    /** What the next bills get wrong (reconciliation tests). */
    statement,
    transaction: (outTradeNo: string) => transactions.get(outTradeNo),
    /** The next `times` calls to `path` are applied, then the answer is lost / signed by a stranger. */
    inject(path: string, fault: Fault, times = 1) {
      faults.set(path, { fault, times });
    },
    /** The shopper scans the code (or opens the H5 page) and pays. */
    pay,
    /** The refund reaches its end at WeChat Pay: the card took it, refused it, or it closed. */
    settleRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED') {
      for (const t of transactions.values()) {
        const r = t.refunds.get(outRefundNo);
        if (!r) continue;
        r.status = status;
        r.successAt = status === 'SUCCESS' ? now() : null;
        queueRefundNotify(r);
        return r;
      }
      throw new Error(`no refund ${outRefundNo}`);
    },
    /** The merchant refunds in the WeChat Pay merchant platform, under its own number. */
    refundInDashboard(outTradeNo: string, amountFen: number): string {
      const t = transactions.get(outTradeNo);
      if (!t) throw new Error(`no transaction ${outTradeNo}`);
      const r: Refund = {
        refundId: `50300${Date.now()}${++seq}`,
        outRefundNo: `${Date.now()}${seq}`,
        outTradeNo,
        amountFen,
        status: 'SUCCESS',
        notifyUrl: t.notifyUrl,
        goods: null,
        createdAt: now(),
        successAt: now(),
        newDestination: null,
        fromDashboard: true,
      };
      t.refunds.set(r.outRefundNo, r);
      refundsById.set(r.refundId, r);
      queueRefundNotify(r);
      return r.outRefundNo;
    },
    /** A payment notify for `outTradeNo`, its resource `edit`ed, signed by WeChat or a stranger. */
    paymentNotify(
      outTradeNo: string,
      edit: (resource: any) => void = () => {},
      key: 'wechat' | 'stranger' = 'wechat',
    ) {
      const t = transactions.get(outTradeNo)!;
      const resource = transactionJson(t);
      edit(resource);
      return notifyFor(
        'TRANSACTION.SUCCESS',
        resource,
        'transaction',
        key === 'wechat' ? platform.privateKey : stranger.privateKey,
      );
    },
    async deliverNotifies(): Promise<Delivery[]> {
      const out: Delivery[] = [];
      for (const n of pending.splice(0)) out.push(await postNotify(n.url, n.body, n.headers));
      return out;
    },
  };
}
