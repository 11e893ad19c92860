// Labels of cancellation reason codes where the settings are not at hand (timelines, the
// merchant queue): the six defaults; an operator-added code shows as itself.
import type { Bilingual } from './format.js';

export const DEFAULT_REASON_LABELS: Record<string, Bilingual> = {
  changed_mind: { zh: '不想要了/改变主意', en: 'Changed my mind / no longer needed' },
  info_mismatch: { zh: '商品信息不符', en: 'Item details do not match the listing' },
  logistics_delay: { zh: '物流延误', en: 'Delivery is taking too long' },
  price: { zh: '价格因素', en: 'Found a better price' },
  personal: { zh: '个人原因', en: 'Personal reasons' },
  other: { zh: '其他', en: 'Other' },
};

export function reasonLabel(code: string, en: boolean, reasons?: (Bilingual & { code: string })[]) {
  const known = reasons?.find((r) => r.code === code) ?? DEFAULT_REASON_LABELS[code];
  if (!known) return code;
  return en ? known.en : known.zh;
}
