// How the browser follows a payment handoff: a redirect to the provider's page, a form posted
// to it (UnionPay's card page takes a signed POST), or a QR code the page shows (WeChat Native).
import type { PayAnswer, PayScene } from '../../api/payments.js';

/**
 * Phone or desktop, as the provider's page should be: a phone browser gets Alipay's wap page
 * and WeChat Pay's H5; a desktop gets Alipay's page and a QR code to scan with WeChat.
 */
export function payScene(): PayScene {
  const narrow = window.matchMedia('(max-width: 767px)').matches;
  return narrow || /Mobi|Android|iPhone|iPad/i.test(navigator.userAgent) ? 'mobile' : 'desktop';
}

/** Builds the signed form in the page and posts it (the page's CSP names the provider's origin). */
function postForm(action: string, fields: Record<string, string>): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  form.acceptCharset = 'UTF-8';
  form.style.display = 'none';
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}

/**
 * Sends the browser on to the provider. Returns the QR content when the page must show a code
 * instead (the shopper stays here and the page waits for the payment).
 */
export function followHandoff(answer: PayAnswer): string | null {
  const handoff = answer.handoff;
  if (handoff?.kind === 'qr') return handoff.content;
  if (handoff?.kind === 'form') postForm(handoff.action, handoff.fields);
  else window.location.assign(handoff?.kind === 'redirect' ? handoff.url : answer.payUrl);
  return null;
}
