// Express carriers merchants ship with. The Chinese name is what the server stores.
export const CARRIERS: { value: string; en: string }[] = [
  { value: '顺丰速运', en: 'SF Express' },
  { value: '中通快递', en: 'ZTO Express' },
  { value: '圆通速递', en: 'YTO Express' },
  { value: '韵达快递', en: 'Yunda Express' },
  { value: '京东物流', en: 'JD Logistics' },
  { value: 'EMS', en: 'EMS' },
];

export function carrierLabel(carrier: string, en: boolean): string {
  if (!en) return carrier;
  return CARRIERS.find((c) => c.value === carrier)?.en ?? carrier;
}
