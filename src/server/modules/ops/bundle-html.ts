import { formatYuan } from '../../../domain/money.js';
import { STATUS_LABELS } from '../../../domain/order-status.js';
import { REFUND_STATUS_LABELS, type RefundStatus } from '../../../domain/refund-states.js';
import type { BundleData } from './bundle-data.js';

/** Every value shown comes through here: user text (reasons, chat, names) must not become HTML. */
export function escapeHtml(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const ROLE_LABELS: Record<string, string> = {
  shopper: '买家',
  merchant: '商家',
  agent: '客服',
  operator: '运营',
  system: '系统',
};

function time(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = value instanceof Date ? value : new Date(value);
  // Shanghai wall time, the time zone of every party to a dispute.
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function json(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeHtml(JSON.stringify(value));
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="empty">无</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(id: string, title: string, count: number | null, content: string): string {
  const n = count === null ? '' : `<span class="count">（${count} 条）</span>`;
  return `<section id="${id}"><h2>${escapeHtml(title)}${n}</h2>\n${content}\n</section>`;
}

/** summary.html: a readable, self-contained (no scripts, no remote files) zh-CN dispute summary. */
export function renderSummary(d: BundleData): string {
  const o = d.order;
  const refundLabel = (s: string) => REFUND_STATUS_LABELS[s as RefundStatus]?.zh ?? s;
  const facts: [string, string][] = [
    ['订单号', o.orderNo],
    ['店铺', d.shopName],
    ['买家', d.shopperName],
    ['订单状态', STATUS_LABELS[o.status].zh],
    ['退款售后', o.refundStatus ? refundLabel(o.refundStatus) : '—'],
    ['商品金额', formatYuan(o.goodsFen)],
    ['优惠', formatYuan(o.discountFen)],
    ['运费', formatYuan(o.shippingFen)],
    ['应付', formatYuan(o.payableFen)],
    ['实付', formatYuan(o.paidFen)],
    ['支付方式', o.paymentChannel ?? '—'],
    ['下单时间', time(o.createdAt)],
    ['付款时间', time(o.paidAt)],
    ['发货时间', time(o.shippedAt)],
    ['物流', [o.carrier, o.trackingNo].filter(Boolean).join(' ') || '—'],
    ['取消时间', time(o.cancelledAt)],
    ['收货人', `${o.receiverName} ${o.receiverPhone}`],
    ['收货地址', o.receiverAddress],
  ];
  const parts = [
    section(
      'order',
      '订单快照',
      null,
      `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>` +
        table(
          ['商品', '规格', '单价', '数量', '已取消', '已发货', '售后', '已退款'],
          d.lines.map((l) => [
            escapeHtml(l.title),
            escapeHtml(l.variantName),
            escapeHtml(formatYuan(l.unitPriceFen)),
            escapeHtml(l.qtyOrdered),
            escapeHtml(l.qtyCancelled),
            escapeHtml(l.qtyShipped),
            escapeHtml(l.qtyAfterSales),
            escapeHtml(formatYuan(l.refundedFen)),
          ]),
        ),
    ),
    section(
      'timeline',
      '订单时间线',
      d.timeline.length,
      table(
        ['时间', '事件', '操作人', '详情'],
        d.timeline.map((e) => [
          escapeHtml(time(e.createdAt)),
          escapeHtml(e.kind),
          escapeHtml(ROLE_LABELS[e.actorRole] ?? e.actorRole),
          json(e.data),
        ]),
      ),
    ),
    section(
      'cancellations',
      '取消申请与取消记录',
      d.cancellationRequests.length + d.cancellations.length,
      table(
        ['时间', '类型', '状态/金额', '原因'],
        [
          ...d.cancellationRequests.map((r) => [
            escapeHtml(time(r.requestedAt)),
            '取消申请',
            escapeHtml(`${r.status}（处理时限 ${time(r.slaDeadline)}）`),
            escapeHtml([r.reasonCode, r.reasonText, r.decisionReason].filter(Boolean).join(' / ')),
          ]),
          ...d.cancellations.map((c) => [
            escapeHtml(time(c.createdAt)),
            escapeHtml(`取消（${c.kind}）`),
            escapeHtml(`退款 ${formatYuan(c.refundFen)}，手续费 ${formatYuan(c.feeFen)}`),
            escapeHtml([c.reasonCode, c.reasonText].filter(Boolean).join(' / ')),
          ]),
        ],
      ),
    ),
    section(
      'refunds',
      '退款',
      d.refunds.length,
      table(
        ['退款单', '金额', '渠道', '状态', '预计到账', '到账时间', '经过'],
        d.refunds.map((r) => [
          escapeHtml(r.id),
          escapeHtml(formatYuan(r.amountFen)),
          escapeHtml(r.channel),
          escapeHtml(refundLabel(r.status)),
          escapeHtml(`${time(r.expectedEarliest)} ~ ${time(r.expectedLatest)}`),
          escapeHtml(time(r.arrivedAt)),
          escapeHtml(
            r.events.map((e) => `${time(e.createdAt)} ${refundLabel(e.status)}`).join('；'),
          ),
        ]),
      ),
    ),
    section(
      'after-sales',
      '售后',
      d.afterSalesCases.length,
      table(
        ['售后单', '类型', '状态', '原因', '退货物流', '处理说明'],
        d.afterSalesCases.map((c) => [
          escapeHtml(c.id),
          escapeHtml(c.kind === 'refund_only' ? '仅退款' : '退货退款'),
          escapeHtml(c.status),
          escapeHtml([c.reasonCode, c.reasonText].filter(Boolean).join(' / ')),
          escapeHtml([c.returnCarrier, c.returnTrackingNo].filter(Boolean).join(' ')),
          escapeHtml(c.decisionReason),
        ]),
      ),
    ),
    section(
      'notices',
      '通知记录',
      d.notices.length,
      table(
        ['时间', '渠道', '收件人', '标题', '内容', '状态'],
        d.notices.map((n) => [
          escapeHtml(time(n.createdAt)),
          escapeHtml(n.channel),
          escapeHtml(n.recipient ?? '站内信'),
          escapeHtml(n.subject),
          escapeHtml(n.body),
          escapeHtml(n.status),
        ]),
      ),
    ),
    section(
      'chats',
      '客服会话',
      d.support.chats.length,
      d.support.chats.length === 0
        ? '<p class="empty">无</p>'
        : d.support.chats
            .map(
              (c) =>
                `<h3>会话 ${escapeHtml(c.id)}（${escapeHtml(time(c.openedAt))}，客服 ${escapeHtml(c.agentName ?? '—')}，评分 ${escapeHtml(c.rating ?? '—')}）</h3>` +
                table(
                  ['时间', '发送人', '内容', '附件'],
                  c.messages.map((m) => [
                    escapeHtml(time(m.createdAt)),
                    escapeHtml(`${m.senderName}（${ROLE_LABELS[m.senderRole] ?? m.senderRole}）`),
                    escapeHtml(m.body),
                    escapeHtml(m.attachments.map((a) => a.fileName).join('，')),
                  ]),
                ),
            )
            .join('\n'),
    ),
    section(
      'messages',
      '留言',
      d.support.boardMessages.length,
      table(
        ['时间', '主题', '内容', '回复'],
        d.support.boardMessages.map((m) => [
          escapeHtml(time(m.createdAt)),
          escapeHtml(m.subject),
          escapeHtml(m.body),
          escapeHtml(m.replies.map((r) => `${r.authorName}：${r.body}`).join('；')),
        ]),
      ),
    ),
    section(
      'evidence',
      '证据文件',
      d.evidence.length,
      table(
        ['文件', '退款单', '类型', '大小', 'SHA-256', '上传时间'],
        d.evidence.map((e) => [
          `<a href="${escapeHtml(encodeURI(e.zipPath))}">${escapeHtml(e.fileName)}</a>`,
          escapeHtml(e.refundId),
          escapeHtml(e.mime),
          escapeHtml(`${e.sizeBytes} B`),
          `<code>${escapeHtml(e.sha256)}</code>`,
          escapeHtml(time(e.createdAt)),
        ]),
      ),
    ),
    section(
      'audit',
      '审计记录',
      d.audit.length,
      table(
        ['时间', '操作人', '动作', '对象', '变更前', '变更后', '请求号'],
        d.audit.map((a) => [
          escapeHtml(time(a.createdAt)),
          escapeHtml(`${a.actorName ?? ''}（${ROLE_LABELS[a.actorRole] ?? a.actorRole}）`),
          escapeHtml(a.action),
          escapeHtml(`${a.entityType} ${a.entityId}`),
          json(a.before),
          json(a.after),
          `<code>${escapeHtml(a.requestId)}</code>`,
        ]),
      ),
    ),
  ];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>争议材料包 ${escapeHtml(o.orderNo)}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 24px; color: #1f1f1f; line-height: 1.5; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 15px; } .count { color: #888; font-weight: normal; font-size: 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border: 1px solid #e5e5e5; padding: 4px 6px; text-align: left; vertical-align: top; word-break: break-all; }
th { background: #fafafa; } dl { display: grid; grid-template-columns: 8em 1fr; gap: 2px 12px; } dt { color: #666; } dd { margin: 0; }
.empty { color: #999; } code { font-size: 12px; }
</style>
</head>
<body>
<h1>B特派 争议材料包：订单 ${escapeHtml(o.orderNo)}</h1>
<p>导出时间：${escapeHtml(time(d.exportedAt))}。原始数据见 order.json，证据文件在 evidence/ 目录。</p>
${parts.join('\n')}
</body>
</html>
`;
}
