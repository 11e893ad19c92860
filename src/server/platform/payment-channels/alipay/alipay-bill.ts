import { splitCsvLine } from '../csv-line.js';
import { yuanToFen } from '../amounts.js';
import type { StatementLine } from '../channel-provider.js';
import { parseProviderTime } from '../shanghai-time.js';
import { unzipEntries } from '../unzip.js';

// Alipay's trade statement (bill_type=trade) is a ZIP of GBK-encoded CSV files: the detail file
// (name ending 业务明细.csv) and a summary (业务明细(汇总).csv). In the detail file, lines
// starting with '#' are comments, one header line names the columns, then one line per trade
// or refund. Columns are found by name so an added column does not shift the others.

const COLUMNS = {
  tradeNo: '支付宝交易号',
  merchantOrderNo: '商户订单号',
  kind: '业务类型',
  finishedAt: '完成时间',
  amount: '订单金额（元）',
  refundKey: '退款批次号/请求号',
  fee: '服务费（元）',
} as const;

export class StatementFormatError extends Error {
  override readonly name = 'StatementFormatError';
}

/** The detail CSV's text as decoded lines → statement lines. */
export function parseAlipayBillCsv(text: string): StatementLine[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim().startsWith(COLUMNS.tradeNo));
  if (headerAt < 0) throw new StatementFormatError('Alipay bill: no header line');
  const header = splitCsvLine(lines[headerAt]!).map((h) => h.trim());
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, name]) => {
      const i = header.indexOf(name);
      if (i < 0) throw new StatementFormatError(`Alipay bill: no column ${name}`);
      return [key, i];
    }),
  ) as Record<keyof typeof COLUMNS, number>;
  const out: StatementLine[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) break; // the closing comments (totals, export time)
    const cells = splitCsvLine(line).map((c) => c.trim());
    const cell = (k: keyof typeof COLUMNS) => cells[index[k]] ?? '';
    const kind = cell('kind');
    if (kind !== '交易' && kind !== '退款') continue;
    const amount = yuanToFen(cell('amount').replace(/^-/, ''));
    const at = parseProviderTime(cell('finishedAt'));
    if (amount === null || at === null) {
      throw new StatementFormatError(`Alipay bill: unreadable line for ${cell('tradeNo')}`);
    }
    const feeText = cell('fee');
    const fee = yuanToFen(feeText.replace(/^-/, ''));
    out.push({
      provider: 'alipay',
      kind: kind === '交易' ? 'payment' : 'refund',
      merchantOrderNo: cell('merchantOrderNo'),
      providerTradeNo: cell('tradeNo'),
      refundKey: kind === '退款' ? cell('refundKey') || null : null,
      amountFen: amount,
      feeFen: fee === null ? null : feeText.startsWith('-') ? -fee : fee,
      at,
    });
  }
  return out;
}

/**
 * The downloaded ZIP → statement lines of its detail file. The detail file is picked by its
 * header line, not its name: entry names may be GBK without the UTF-8 flag, unreadable to ZIP readers.
 */
export async function parseAlipayBillZip(zip: Buffer): Promise<StatementLine[]> {
  const entries = await unzipEntries(zip);
  for (const data of entries.values()) {
    const text = new TextDecoder('gbk').decode(data);
    if (text.split(/\r?\n/).some((l) => l.trim().startsWith(COLUMNS.tradeNo))) {
      return parseAlipayBillCsv(text);
    }
  }
  throw new StatementFormatError('Alipay bill: no detail file in the archive');
}
