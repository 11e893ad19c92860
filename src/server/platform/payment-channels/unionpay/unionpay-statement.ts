import { inflateSync } from 'node:zlib';
import type { StatementLine } from '../channel-provider.js';
import { unzipEntries } from '../unzip.js';

// UnionPay's merchant statement comes from the file transfer call (txnType 76) as `fileContent`:
// base64 of a zlib-deflated ZIP. The ZIP holds INN…ZM_<merId>, the general transaction file:
// one fixed-width GBK line per transaction, fields separated by one byte, widths as in the
// file interface specification (全渠道平台接入接口规范 第3部分 文件接口, 6.1 ZM 文件).

/** Widths of the ZM fields, in order; one separator byte follows each. */
export const ZM_WIDTHS = [
  3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15,
  1, 15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98,
] as const;

/** Positions in ZM_WIDTHS of the fields reconciliation reads. */
export const ZM_FIELD = {
  txnTime: 4, // MMDDhhmmss
  txnAmt: 6, // fen, zero-padded
  queryId: 9,
  orderId: 11,
  merCharge: 15, // C/D and 12 digits of fen
  txnType: 19, // 01 consume, 04 refund
  origQryId: 26,
  merId: 27,
} as const;

export class UnionPayStatementError extends Error {
  override readonly name = 'UnionPayStatementError';
}

function fieldOffsets(): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const w of ZM_WIDTHS) {
    offsets.push(at);
    at += w + 1;
  }
  return offsets;
}
const OFFSETS = fieldOffsets();

function field(line: Buffer, index: number): string {
  const from = OFFSETS[index]!;
  return new TextDecoder('gbk').decode(line.subarray(from, from + ZM_WIDTHS[index]!)).trim();
}

function signedFen(text: string): number | null {
  const m = /^([CD])(\d{12})$/.exec(text);
  if (!m) return null;
  return (m[1] === 'D' ? -1 : 1) * Number(m[2]);
}

/** The ZM file's lines; `day` (YYYY-MM-DD) supplies the year its MMDD times leave out. */
export function parseZmFile(data: Buffer, day: string): StatementLine[] {
  const year = Number(day.slice(0, 4));
  const settleMonth = Number(day.slice(5, 7));
  const out: StatementLine[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    const line = data.subarray(start, data[end - 1] === 0x0d ? end - 1 : end);
    start = end + 1;
    if (line.length < OFFSETS[ZM_FIELD.merId]!) continue;
    const txnType = field(line, ZM_FIELD.txnType);
    if (txnType !== '01' && txnType !== '04') continue;
    const time = field(line, ZM_FIELD.txnTime);
    const amount = field(line, ZM_FIELD.txnAmt);
    if (!/^\d{10}$/.test(time) || !/^\d{1,12}$/.test(amount)) {
      throw new UnionPayStatementError(`ZM: unreadable line for ${field(line, ZM_FIELD.orderId)}`);
    }
    const month = Number(time.slice(0, 2));
    // A transaction late in December settles on a January day: it belongs to the year before.
    const txnYear = month > settleMonth ? year - 1 : year;
    const at = new Date(
      Date.UTC(
        txnYear,
        month - 1,
        Number(time.slice(2, 4)),
        Number(time.slice(4, 6)),
        Number(time.slice(6, 8)),
        Number(time.slice(8, 10)),
      ) -
        8 * 3600_000,
    );
    const refund = txnType === '04';
    out.push({
      provider: 'unionpay',
      kind: refund ? 'refund' : 'payment',
      // A refund line names the payment only by its queryId (origQryId).
      merchantOrderNo: refund ? '' : field(line, ZM_FIELD.orderId),
      providerTradeNo: refund ? field(line, ZM_FIELD.origQryId) : field(line, ZM_FIELD.queryId),
      refundKey: refund ? field(line, ZM_FIELD.orderId) : null,
      amountFen: Number(amount),
      feeFen: signedFen(field(line, ZM_FIELD.merCharge)),
      at,
    });
  }
  return out;
}

/** `fileContent` of the file transfer answer → the ZM file's statement lines. */
export async function parseStatementFile(
  fileContent: string,
  day: string,
): Promise<StatementLine[]> {
  let zip: Buffer;
  try {
    zip = inflateSync(Buffer.from(fileContent, 'base64'));
  } catch (err) {
    throw new UnionPayStatementError('fileContent is not deflated data', { cause: err });
  }
  const entries = await unzipEntries(zip);
  const zm = [...entries.entries()].find(([name]) => /ZM_/.test(name) && !/ZME_/.test(name));
  if (!zm) throw new UnionPayStatementError('no ZM file in the statement');
  return parseZmFile(zm[1], day);
}
