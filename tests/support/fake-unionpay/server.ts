// A local UnionPay online gateway (全渠道, 5.1.0) over real HTTP on 127.0.0.1: the front
// gateway's card page, the back gateway (refunds), queries, notifies to backUrl and the file
// transfer of the merchant statement. It checks our signatures as UnionPay does (signMethod 01:
// SHA256-RSA over the SHA-256 hex of the sorted `k=v` string, key found by certId) and signs its
// answers and notifies with a signing certificate under a root → intermediate chain made per
// run, sent along as signPubKeyCert. Answers are `k=v&…` unencoded; notifies are form posts.
import { createHash, createSign, createVerify, randomInt, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { issue, merchantPfx, unionPayChain, type Issued } from './certs.js';
import { dropConnection, postNotify, serve, type Delivery } from '../fake-providers/http.js';
import { StatementChanges } from '../fake-providers/statement-changes.js';

export interface FakeUnionPayOptions {
  merId: string;
  pfxPassword: string;
  now?: () => Date;
}

interface Txn {
  kind: 'consume' | 'refund';
  orderId: string;
  txnTime: string;
  txnAmt: number;
  backUrl: string;
  queryId: string;
  /** origRespCode as a query reports it: 05 accepted, 00 success, 01 failed. */
  state: '05' | '00' | '01';
  origQryId: string;
  reqReserved: string;
  payTimeout: string;
  frontUrl: string;
  doneAt: Date | null;
}

type Fault = 'drop_answer' | 'outsider_signature';

const OFFSET_MS = 8 * 3600 * 1000;
const compact = (at: Date) =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');

// UnionPay's side of signMethod 01, written out here rather than shared with the adapter.
const content = (f: Record<string, string>) =>
  Object.keys(f)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${f[k]}`)
    .join('&');
const hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const sign = (f: Record<string, string>, key: KeyObject) =>
  createSign('RSA-SHA256')
    .update(hex(content(f)), 'utf8')
    .sign(key, 'base64');
function verify(f: Record<string, string>, certPem: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(hex(content(f)), 'utf8')
      .verify(certPem, f.signature ?? '', 'base64');
  } catch {
    return false;
  }
}

/** ZM file widths (file interface specification 6.1), one separator byte after each. */
const ZM_WIDTHS = [
  3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15,
  1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98,
];

export type FakeUnionPay = Awaited<ReturnType<typeof startFakeUnionPay>>;

export async function startFakeUnionPay(opts: FakeUnionPayOptions) {
  const now = opts.now ?? (() => new Date());
  const chain = unionPayChain();
  const outsider = unionPayChain('某测试认证中心');
  const merchant = merchantPfx(chain.middle, opts.pfxPassword);
  const txns = new Map<string, Txn>(); // by orderId + txnTime
  const faults = new Map<string, { fault: Fault; times: number }>();
  const pending: { url: string; body: string }[] = [];
  const requests: { path: string; fields: Record<string, string> }[] = [];
  const statement = new StatementChanges();
  let seq = 0;

  const newQueryId = () => `${compact(now()).slice(2)}${String(++seq).padStart(7, '0')}`;

  /** Fields signed as UnionPay (or, for the tests, a signer outside its chain). */
  function signedByUnionPay(fields: Record<string, string>, signer: Issued = chain.signer) {
    const f = {
      version: '5.1.0',
      encoding: 'UTF-8',
      signMethod: '01',
      signPubKeyCert: signer.pem,
      ...fields,
    };
    return { ...f, signature: sign(f, signer.key) };
  }

  function answer(res: ServerResponse, fields: Record<string, string>, fault?: Fault) {
    if (fault === 'drop_answer') return dropConnection(res);
    const signed = signedByUnionPay(
      fields,
      fault === 'outsider_signature' ? outsider.signer : chain.signer,
    );
    const body = Object.entries(signed)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' }).end(body);
  }

  /** Checks a request as UnionPay does; its respCode when refused, else null. */
  function refusal(f: Record<string, string>): string | null {
    if (f.version !== '5.1.0' || f.signMethod !== '01' || f.encoding !== 'UTF-8') return '10';
    if (f.merId !== opts.merId) return '31';
    if (f.certId !== merchant.certId || !verify(f, merchant.certPem)) return '11';
    return null;
  }

  function echo(f: Record<string, string>) {
    return {
      merId: opts.merId,
      orderId: f.orderId ?? '',
      txnType: f.txnType ?? '',
      txnSubType: f.txnSubType ?? '',
      bizType: f.bizType ?? '',
      accessType: f.accessType ?? '0',
      txnTime: f.txnTime ?? '',
    };
  }

  function notifyFields(t: Txn): Record<string, string> {
    return {
      merId: opts.merId,
      orderId: t.orderId,
      txnType: t.kind === 'consume' ? '01' : '04',
      txnSubType: t.kind === 'consume' ? '01' : '00',
      bizType: '000201',
      accessType: '0',
      txnTime: t.txnTime,
      txnAmt: String(t.txnAmt),
      currencyCode: '156',
      queryId: t.queryId,
      respCode: t.state,
      respMsg: t.state === '00' ? '成功[0000000]' : '交易失败',
      settleAmt: String(t.txnAmt),
      settleCurrencyCode: '156',
      settleDate: compact(t.doneAt ?? now()).slice(4, 8),
      traceNo: String(randomInt(100000, 999999)),
      traceTime: compact(t.doneAt ?? now()).slice(4),
      ...(t.kind === 'refund' ? { origQryId: t.origQryId } : { accNo: '6216***********0018' }),
      ...(t.reqReserved ? { reqReserved: t.reqReserved } : {}),
    };
  }

  function queueNotify(t: Txn) {
    pending.push({
      url: t.backUrl,
      body: new URLSearchParams(signedByUnionPay(notifyFields(t))).toString(),
    });
  }

  function zmFile(settleDate: string): Buffer {
    const lines: string[] = [];
    const extras: Txn[] = statement.extraPayments.map((e) => ({
      kind: 'consume',
      orderId: e.merchantOrderNo,
      txnTime: compact(e.at),
      txnAmt: e.amountFen,
      backUrl: '',
      frontUrl: '',
      payTimeout: '',
      queryId: newQueryId(),
      state: '00',
      origQryId: '',
      reqReserved: '',
      doneAt: e.at,
    }));
    for (const real of [...txns.values(), ...extras]) {
      const doneAt = real.doneAt;
      if (real.state !== '00' || !doneAt || compact(doneAt).slice(4, 8) !== settleDate) continue;
      if (real.kind === 'consume' && statement.omitted.has(real.orderId)) continue;
      const t =
        real.kind === 'consume'
          ? { ...real, txnAmt: statement.amountOf(real.orderId, real.txnAmt) }
          : real;
      const fee = Math.round(t.txnAmt * 0.005);
      const values: Record<number, string> = {
        0: t.kind === 'consume' ? 'S22' : 'S30',
        1: '00010000000',
        2: '00010000000',
        3: String(randomInt(100000, 999999)),
        4: compact(doneAt).slice(4),
        5: '6216***********0018',
        6: String(t.txnAmt).padStart(12, '0'),
        7: '5311',
        8: '07',
        9: t.queryId,
        11: t.orderId,
        15: `${t.kind === 'consume' ? 'D' : 'C'}${String(fee).padStart(12, '0')}`,
        16: `${t.kind === 'consume' ? 'C' : 'D'}${String(t.txnAmt - fee).padStart(12, '0')}`,
        19: t.kind === 'consume' ? '01' : '04',
        20: t.kind === 'consume' ? '01' : '00',
        21: '000201',
        26: t.kind === 'refund' ? t.origQryId : '',
        27: opts.merId,
      };
      lines.push(ZM_WIDTHS.map((w, i) => (values[i] ?? '').padEnd(w, ' ').slice(0, w)).join(' '));
    }
    return iconv.encode(lines.map((l) => `${l}\r\n`).join(''), 'gbk');
  }

  function zipped(files: Record<string, Buffer>): Promise<Buffer> {
    const zip = new yazl.ZipFile();
    for (const [name, data] of Object.entries(files)) zip.addBuffer(data, name);
    zip.end();
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
      zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      zip.outputStream.on('error', reject);
    });
  }

  function refunded(consume: Txn): number {
    return [...txns.values()]
      .filter((t) => t.kind === 'refund' && t.origQryId === consume.queryId && t.state !== '01')
      .reduce((s, t) => s + t.txnAmt, 0);
  }

  const server = await serve(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const f: Record<string, string> = Object.fromEntries(
      new URLSearchParams(body.toString('utf8')),
    );
    requests.push({ path: url.pathname, fields: f });
    const injected = faults.get(url.pathname);
    if (injected && --injected.times <= 0) faults.delete(url.pathname);
    const fault = injected?.fault;

    if (url.pathname === '/gateway/api/frontTransReq.do') {
      const refused = refusal(f);
      const html = (s: string): void => {
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(s);
      };
      if (refused) return html(`<p>交易失败 respCode=${refused}</p>`);
      const key = `${f.orderId}|${f.txnTime}`;
      if (!txns.has(key)) {
        txns.set(key, {
          kind: 'consume',
          orderId: f.orderId ?? '',
          txnTime: f.txnTime ?? '',
          txnAmt: Number(f.txnAmt),
          backUrl: f.backUrl ?? '',
          frontUrl: f.frontUrl ?? '',
          payTimeout: f.payTimeout ?? '',
          queryId: '',
          state: '05',
          origQryId: '',
          reqReserved: f.reqReserved ?? '',
          doneAt: null,
        });
      }
      return html(
        `<h1>银联在线支付</h1><p>¥${(Number(f.txnAmt) / 100).toFixed(2)}</p><button>确认付款</button>`,
      );
    }

    if (url.pathname === '/gateway/api/queryTrans.do') {
      const refused = refusal(f);
      if (refused) return answer(res, { ...echo(f), respCode: refused, respMsg: '拒绝' }, fault);
      const t = txns.get(`${f.orderId}|${f.txnTime}`);
      // a consume whose card page was never submitted does not exist at UnionPay
      if (!t || (t.kind === 'consume' && !t.queryId)) {
        return answer(res, { ...echo(f), respCode: '34', respMsg: '查无此交易' }, fault);
      }
      return answer(
        res,
        {
          ...echo(f),
          respCode: '00',
          respMsg: '成功[0000000]',
          origRespCode: t.state,
          origRespMsg: t.state === '00' ? '成功' : '处理中',
          queryId: t.queryId,
          txnAmt: String(t.txnAmt),
          ...(t.kind === 'refund' ? { origQryId: t.origQryId } : {}),
        },
        fault,
      );
    }

    if (url.pathname === '/gateway/api/backTransReq.do') {
      const refused = refusal(f);
      if (refused) return answer(res, { ...echo(f), respCode: refused, respMsg: '拒绝' }, fault);
      if (f.txnType !== '04')
        return answer(res, { ...echo(f), respCode: '32', respMsg: '无此交易权限' }, fault);
      const key = `${f.orderId}|${f.txnTime}`;
      if (txns.has(key))
        return answer(res, { ...echo(f), respCode: '12', respMsg: '重复交易' }, fault);
      const consume = [...txns.values()].find(
        (t) => t.kind === 'consume' && t.queryId === f.origQryId && t.state === '00',
      );
      if (!consume)
        return answer(
          res,
          { ...echo(f), respCode: '35', respMsg: '原交易不存在或状态不正确' },
          fault,
        );
      const amount = Number(f.txnAmt);
      if (!Number.isInteger(amount) || amount <= 0 || refunded(consume) + amount > consume.txnAmt) {
        return answer(res, { ...echo(f), respCode: '33', respMsg: '交易金额超限' }, fault);
      }
      const refund: Txn = {
        kind: 'refund',
        orderId: f.orderId ?? '',
        txnTime: f.txnTime ?? '',
        txnAmt: amount,
        backUrl: f.backUrl ?? '',
        frontUrl: '',
        payTimeout: '',
        queryId: newQueryId(),
        state: '05',
        origQryId: consume.queryId,
        reqReserved: f.reqReserved ?? '',
        doneAt: null,
      };
      txns.set(key, refund);
      return answer(
        res,
        {
          ...echo(f),
          respCode: '00',
          respMsg: '成功[0000000]',
          queryId: refund.queryId,
          origQryId: consume.queryId,
          txnAmt: String(amount),
          ...(f.reqReserved ? { reqReserved: f.reqReserved } : {}),
        },
        fault,
      );
    }

    if (url.pathname === '/file/') {
      const refused = refusal(f);
      if (refused) return answer(res, { ...echo(f), respCode: refused, respMsg: '拒绝' }, fault);
      const settleDate = f.settleDate ?? '';
      const name = `INN${compact(now()).slice(2, 4)}${settleDate}88ZM_${opts.merId}`;
      const zip = await zipped({
        [name]: zmFile(settleDate),
        [`${name.replace('ZM_', 'ZME_')}`]: Buffer.alloc(0),
      });
      return answer(
        res,
        {
          ...echo(f),
          respCode: '00',
          respMsg: '成功[0000000]',
          settleDate,
          fileType: '00',
          fileName: `${settleDate}_${opts.merId}.zip`,
          fileContent: deflateSync(zip).toString('base64'),
        },
        fault,
      );
    }
    res.writeHead(404).end();
  });

  function consumeOf(orderId: string): Txn | undefined {
    return [...txns.values()].find((t) => t.kind === 'consume' && t.orderId === orderId);
  }

  return {
    gateway: server.url,
    fileGateway: `${server.url}/file/`,
    merId: opts.merId,
    /** What the merchant installs: UnionPay's root and intermediate, its own PFX. */
    rootCertPem: chain.root.pem,
    middleCertPem: chain.middle.pem,
    merchantPfx: merchant.pfx,
    close: () => server.close(),
    requests,
    /** What the next statements get wrong (reconciliation tests). */
    statement,
    consume: consumeOf,
    refund: (orderId: string) =>
      [...txns.values()].find((t) => t.kind === 'refund' && t.orderId === orderId),
    /** Every refund of the consume `orderId` (ours and the dashboard's). */
    refundsOf(orderId: string): Txn[] {
      const consume = consumeOf(orderId);
      return [...txns.values()].filter(
        (t) => t.kind === 'refund' && consume?.queryId && t.origQryId === consume.queryId,
      );
    },
    inject(path: string, fault: Fault, times = 1) {
      faults.set(path, { fault, times });
    },
    /** The shopper enters a card on the page and pays; false when it is over (paid or timed out). */
    pay(orderId: string): boolean {
      const t = consumeOf(orderId);
      if (!t || t.queryId || (t.payTimeout && compact(now()) > t.payTimeout)) return false;
      t.queryId = newQueryId();
      t.state = '00';
      t.doneAt = now();
      queueNotify(t);
      return true;
    },
    /** The card's bank takes the refund (00) or refuses it (01); UnionPay notifies. */
    settleRefund(orderId: string, state: '00' | '01') {
      const t = [...txns.values()].find((x) => x.kind === 'refund' && x.orderId === orderId);
      if (!t) throw new Error(`no refund ${orderId}`);
      t.state = state;
      t.doneAt = now();
      queueNotify(t);
    },
    /**
     * The merchant refunds a card payment in UnionPay's merchant service: UnionPay numbers the
     * refund itself, and its notify carries no `reqReserved` of ours. Returns the refund's orderId.
     */
    refundInDashboard(orderId: string, amountFen: number): string {
      const consume = consumeOf(orderId);
      if (!consume?.queryId) throw new Error(`no paid consume ${orderId}`);
      const at = now();
      const refund: Txn = {
        kind: 'refund',
        orderId: `MS${compact(at)}${randomInt(100000, 999999)}`,
        txnTime: compact(at),
        txnAmt: amountFen,
        backUrl: consume.backUrl,
        frontUrl: '',
        payTimeout: '',
        queryId: newQueryId(),
        state: '00',
        origQryId: consume.queryId,
        reqReserved: '',
        doneAt: at,
      };
      txns.set(`${refund.orderId}|${refund.txnTime}`, refund);
      queueNotify(refund);
      return refund.orderId;
    },
    /**
     * A notify for a consume, `edit`ed before signing by UnionPay's signer, by a signer under
     * another root (`outsider`), or by a self-made certificate naming UnionPay (`impostor`).
     */
    notifyBody(
      orderId: string,
      edit: (f: Record<string, string>) => void = () => {},
      signer: 'unionpay' | 'outsider' | 'impostor' = 'unionpay',
    ) {
      const t = consumeOf(orderId)!;
      const fields = notifyFields(t);
      edit(fields);
      const by =
        signer === 'unionpay'
          ? chain.signer
          : signer === 'outsider'
            ? outsider.signer
            : issue({
                cn: '041@Z12400000000@中国银联股份有限公司@00000001',
                org: '中国银联股份有限公司',
                ca: false,
                keyOf: outsider.signer,
              });
      return new URLSearchParams(signedByUnionPay(fields, by)).toString();
    },
    async deliverNotifies(): Promise<Delivery[]> {
      const out: Delivery[] = [];
      for (const n of pending.splice(0)) {
        out.push(
          await postNotify(n.url, n.body, {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          }),
        );
      }
      return out;
    },
  };
}
