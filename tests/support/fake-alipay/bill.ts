// The trade statement as Alipay ships it: a ZIP with a detail CSV and a summary CSV, GBK-encoded,
// '#' comment lines around one header line and the data lines.
import iconv from 'iconv-lite';
import yazl from 'yazl';

export interface BillRow {
  tradeNo: string;
  outTradeNo: string;
  kind: '交易' | '退款';
  subject: string;
  createdAt: string;
  finishedAt: string;
  /** yuan, e.g. "88.00"; refunds are listed negative. */
  amount: string;
  refundKey: string;
  fee: string;
}

const HEADER = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
];

function detailCsv(pid: string, day: string, rows: readonly BillRow[]): string {
  const lines = [
    '#支付宝业务明细查询',
    `#账号：[${pid}0156]`,
    `#起始日期：[${day} 00:00:00]   终止日期：[${day} 23:59:59]`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    HEADER.join(','),
    ...rows.map((r) =>
      [
        r.tradeNo,
        r.outTradeNo,
        r.kind,
        r.subject,
        r.createdAt,
        r.finishedAt,
        '',
        '',
        '',
        '',
        'buyer***@example.test',
        r.amount,
        r.amount,
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '',
        '0.00',
        '0.00',
        r.refundKey,
        r.fee,
        '0.00',
        '',
      ]
        .map((c) => `${c}\t`)
        .join(','),
    ),
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${rows.filter((r) => r.kind === '交易').length}笔`,
    `#导出时间：[${day} 09:00:00]`,
  ];
  return lines.join('\r\n') + '\r\n';
}

function summaryCsv(day: string, rows: readonly BillRow[]): string {
  return [
    '#支付宝业务汇总查询',
    `#起始日期：[${day} 00:00:00]   终止日期：[${day} 23:59:59]`,
    '门店编号,门店名称,交易订单总笔数,退款订单总笔数',
    `,合计,${rows.filter((r) => r.kind === '交易').length},${rows.filter((r) => r.kind === '退款').length}`,
  ].join('\r\n');
}

export function billZip(pid: string, day: string, rows: readonly BillRow[]): Promise<Buffer> {
  const compact = day.replaceAll('-', '');
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    iconv.encode(detailCsv(pid, day, rows), 'gbk'),
    `${pid}0156_${compact}_业务明细.csv`,
  );
  zip.addBuffer(
    iconv.encode(summaryCsv(day, rows), 'gbk'),
    `${pid}0156_${compact}_业务明细(汇总).csv`,
  );
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
