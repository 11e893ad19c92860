import { splitCsvLine } from '../csv-line.js';
import { yuanToFen } from '../amounts.js';
import type { StatementLine } from '../channel-provider.js';
import { parseProviderTime } from '../shanghai-time.js';

// WeChat Pay's trade bill (/v3/bill/tradebill, bill_type=ALL): CSV with one header line, one
// line per payment or refund with every value prefixed by a backtick, then a totals header and
// a totals line. A refund line has 交易状态 REFUND and the refund's numbers and status.

const COLUMNS = {
  time: '交易时间',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  state: '交易状态',
  settledAmount: '应结订单金额',
  refundId: '微信退款单号',
  outRefundNo: '商户退款单号',
  refundAmount: '退款金额',
  refundState: '退款状态',
  fee: '手续费',
} as const;

export class WechatBillFormatError extends Error {
  override readonly name = 'WechatBillFormatError';
}

export function parseWechatTradeBill(text: string): StatementLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, name]) => {
      const i = header.indexOf(name);
      if (i < 0) throw new WechatBillFormatError(`WeChat bill: no column ${name}`);
      return [key, i];
    }),
  ) as Record<keyof typeof COLUMNS, number>;
  const out: StatementLine[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('`')) break; // the totals follow the last trade line
    const cells = splitCsvLine(line).map((c) => c.trim().replace(/^`/, ''));
    const cell = (k: keyof typeof COLUMNS) => cells[index[k]] ?? '';
    const at = parseProviderTime(cell('time'));
    const state = cell('state');
    const fee = yuanToFen(cell('fee').replace(/^-/, ''));
    const signedFee = fee === null ? null : cell('fee').startsWith('-') ? -fee : fee;
    if (!at)
      throw new WechatBillFormatError(`WeChat bill: unreadable time for ${cell('outTradeNo')}`);
    if (state === 'SUCCESS') {
      const amount = yuanToFen(cell('settledAmount'));
      if (amount === null) throw new WechatBillFormatError('WeChat bill: unreadable amount');
      out.push({
        provider: 'wechatpay',
        kind: 'payment',
        merchantOrderNo: cell('outTradeNo'),
        providerTradeNo: cell('transactionId'),
        refundKey: null,
        amountFen: amount,
        feeFen: signedFee,
        at,
      });
    } else if (state === 'REFUND' && cell('refundState') === 'SUCCESS') {
      const amount = yuanToFen(cell('refundAmount'));
      if (amount === null) throw new WechatBillFormatError('WeChat bill: unreadable refund');
      out.push({
        provider: 'wechatpay',
        kind: 'refund',
        merchantOrderNo: cell('outTradeNo'),
        providerTradeNo: cell('transactionId'),
        refundKey: cell('outRefundNo') || cell('refundId'),
        amountFen: amount,
        feeFen: signedFee,
        at,
      });
    }
  }
  return out;
}
