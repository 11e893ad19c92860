import { escapeHtml as e, formatFen, formatTime } from './html.js';
import { PAYMENT_CHANNELS, type PaymentChannel, type PaymentRecord } from './model.js';

/** zh-CN names (also the inputs' accessible labels) and English secondary text. */
export const CHANNEL_LABELS: Record<PaymentChannel, { zh: string; en: string; mark: string }> = {
  balance: { zh: '余额', en: 'Balance', mark: '余' },
  alipay: { zh: '支付宝', en: 'Alipay', mark: '支' },
  wechat: { zh: '微信支付', en: 'WeChat Pay', mark: '微' },
  card: { zh: '银行卡', en: 'Bank card', mark: '卡' },
};

/** No scripts at all; inline styles only. Applied by the page routes. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f2f4f7;color:#1f2329;font:15px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:440px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.08);padding:20px;margin-bottom:12px}
.top{display:flex;align-items:center;justify-content:space-between;margin-bottom:12px}
.brand{font-weight:600;font-size:16px}
.badge{font-size:12px;color:#b54708;background:#fffaeb;border:1px solid #fedf89;border-radius:999px;padding:2px 8px}
.en{color:#667085;font-size:.85em;font-weight:400;margin-left:4px}
.amount{text-align:center;padding:8px 0 4px}
.amount .label{color:#475467;font-size:14px}
.amount .value{font-size:34px;font-weight:700;letter-spacing:.5px;margin-top:4px}
dl{margin:16px 0 0;display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:13px}
dt{color:#667085}
dd{margin:0;text-align:right;word-break:break-all}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-bottom:8px;padding:0}
.channel{display:flex;align-items:center;gap:12px;padding:12px;border:1px solid #eaecf0;border-radius:10px;margin-top:8px;cursor:pointer;min-height:52px}
.channel:has(input:checked){border-color:#1677ff;background:#f0f7ff}
.channel input{width:18px;height:18px;margin:0;accent-color:#1677ff;order:3;margin-left:auto}
.mark{width:30px;height:30px;border-radius:8px;display:inline-flex;align-items:center;justify-content:center;color:#fff;font-weight:600;font-size:14px;flex:none}
.mark-balance{background:#f79009}.mark-alipay{background:#1677ff}.mark-wechat{background:#07c160}.mark-card{background:#7a5af8}
button{width:100%;border:0;border-radius:10px;background:#1677ff;color:#fff;font-size:17px;font-weight:600;padding:14px;margin-top:16px;cursor:pointer}
button:focus-visible,a:focus-visible,.channel:focus-within{outline:2px solid #1677ff;outline-offset:2px}
button .en{color:#dbeafe}
.links{text-align:center;margin-top:14px}
a{color:#1677ff;text-decoration:none}
.state{text-align:center;padding:12px 0}
.state h1{font-size:22px;margin:8px 0}
.icon{width:56px;height:56px;border-radius:50%;display:inline-flex;align-items:center;justify-content:center;font-size:30px;color:#fff}
.ok{background:#12b76a}.closed{background:#98a2b3}
.error{color:#b42318;background:#fef3f2;border:1px solid #fecdca;border-radius:8px;padding:8px 12px;margin-bottom:12px;font-size:14px}
footer{text-align:center;color:#98a2b3;font-size:12px;margin-top:8px}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="top"><span class="brand">沙箱支付<span class="en">Sandbox Pay</span></span><span class="badge">测试环境 · Test mode</span></div>
${body}
<footer>这是模拟支付，不会产生真实扣款 · Simulated payment, no real money moves</footer>
</main>
</body>
</html>`;
}

function summary(p: PaymentRecord): string {
  return `<section class="card">
<div class="amount"><div class="label">应付金额<span class="en">Amount due</span></div><div class="value">${e(formatFen(p.amountFen))}</div></div>
<dl>
<dt>商户订单号<span class="en">Order no.</span></dt><dd>${e(p.merchantOrderNo)}</dd>
<dt>商品描述<span class="en">Description</span></dt><dd>${e(p.description)}</dd>
<dt>支付单号<span class="en">Payment ID</span></dt><dd>${e(p.id)}</dd>
</dl>
</section>`;
}

/** The checkout page for a pending payment. */
export function renderPayPage(p: PaymentRecord, opts: { error?: string } = {}): string {
  const channels = PAYMENT_CHANNELS.map((c, i) => {
    const label = CHANNEL_LABELS[c];
    return `<label class="channel" for="channel-${c}"><span class="mark mark-${c}" aria-hidden="true">${label.mark}</span><span>${label.zh}<span class="en">${label.en}</span></span><input type="radio" id="channel-${c}" name="channel" value="${c}" aria-label="${label.zh}"${i === 0 ? ' checked' : ''} required></label>`;
  }).join('\n');
  const error = opts.error ? `<div class="error" role="alert">${e(opts.error)}</div>` : '';
  const body = `${summary(p)}
<section class="card">
${error}<form method="post" action="/pay/${e(encodeURIComponent(p.id))}/confirm">
<fieldset><legend>选择支付方式<span class="en">Payment method</span></legend>
${channels}
</fieldset>
<button type="submit" aria-label="确认支付">确认支付<span class="en">Confirm payment</span></button>
</form>
<div class="links"><a href="${e(p.returnUrl)}">取消支付<span class="en">Cancel</span></a></div>
</section>`;
  return layout(`收银台 · ${formatFen(p.amountFen)}`, body);
}

/** Shown for a payment that has already been paid. */
export function renderPaidPage(p: PaymentRecord): string {
  const channel = p.channel ? CHANNEL_LABELS[p.channel] : null;
  const body = `<section class="card state">
<div class="icon ok" aria-hidden="true">✓</div>
<h1>已支付<span class="en">Paid</span></h1>
<p>${e(formatFen(p.amountFen))}${channel ? ` · ${e(channel.zh)}<span class="en">${e(channel.en)}</span>` : ''}</p>
${p.succeededAt ? `<p class="en">${e(formatTime(p.succeededAt))}</p>` : ''}
<div class="links"><a href="${e(p.returnUrl)}">返回商户<span class="en">Back to merchant</span></a></div>
</section>
${summary(p)}`;
  return layout('已支付 · Paid', body);
}

/** Shown for a voided payment, which can no longer be paid. */
export function renderClosedPage(p: PaymentRecord): string {
  const body = `<section class="card state">
<div class="icon closed" aria-hidden="true">×</div>
<h1>此订单已关闭<span class="en">This order is closed</span></h1>
<p>该支付单已取消，无法继续支付。<span class="en">This payment was cancelled and cannot be paid.</span></p>
<div class="links"><a href="${e(p.returnUrl)}">返回商户<span class="en">Back to merchant</span></a></div>
</section>
${summary(p)}`;
  return layout('订单已关闭 · Closed', body);
}

export function renderNotFoundPage(): string {
  const body = `<section class="card state">
<div class="icon closed" aria-hidden="true">?</div>
<h1>支付单不存在<span class="en">Payment not found</span></h1>
</section>`;
  return layout('支付单不存在 · Not found', body);
}
