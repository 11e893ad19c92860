// 再次购买: what became of each item of an old order in today's catalog, and how to say it.
import { formatYuan, type Fen } from './money.js';

export type BuyAgainChange =
  'same' | 'price_up' | 'price_down' | 'out_of_stock' | 'short_stock' | 'removed';
/** Why an item cannot be bought again: its product was taken off sale, or its variant deleted. */
export type GoneReason = 'delisted' | 'deleted';

/** An order line's variant as the catalog has it today; null when the row is not there at all. */
export interface VariantToday {
  priceFen: Fen;
  stockAvailable: number;
  deleted: boolean;
  productOnSale: boolean;
}

export interface BuyAgainDecision {
  change: BuyAgainChange;
  goneReason: GoneReason | null;
  /** Units to put in the cart (capped at the shelf and at a cart line's 99). */
  addQuantity: number;
}

export function decideBuyAgain(
  oldPriceFen: Fen,
  wanted: number,
  today: VariantToday | null,
): BuyAgainDecision {
  if (today === null || today.deleted)
    return { change: 'removed', goneReason: 'deleted', addQuantity: 0 };
  if (!today.productOnSale) return { change: 'removed', goneReason: 'delisted', addQuantity: 0 };
  const addQuantity = Math.min(wanted, today.stockAvailable, 99);
  const available = today.stockAvailable;
  const change: BuyAgainChange =
    available === 0
      ? 'out_of_stock'
      : available < wanted
        ? 'short_stock'
        : today.priceFen > oldPriceFen
          ? 'price_up'
          : today.priceFen < oldPriceFen
            ? 'price_down'
            : 'same';
  return { change, goneReason: null, addQuantity };
}

export interface BuyAgainItemText {
  title: string;
  titleEn: string;
  variantName: string;
  variantNameEn: string;
  oldPriceFen: Fen;
  newPriceFen: Fen | null;
  addedQuantity: number;
  change: BuyAgainChange;
  goneReason: GoneReason | null;
}

type Lang = 'zh-CN' | 'en';

function itemName(i: BuyAgainItemText, lang: Lang): string {
  return lang === 'en' ? `${i.titleEn} (${i.variantNameEn})` : `${i.title}（${i.variantName}）`;
}

/** One line about one item, e.g. 「保温杯（白色）」已下架，未加入购物车. */
export function buyAgainMessage(i: BuyAgainItemText, lang: Lang): string {
  const name = itemName(i, lang);
  const zh = lang === 'zh-CN';
  const prices =
    i.newPriceFen === null ? '' : `${formatYuan(i.oldPriceFen)} → ${formatYuan(i.newPriceFen)}`;
  switch (i.change) {
    case 'removed':
      if (i.goneReason === 'deleted')
        return zh
          ? `「${name}」该规格已被商家删除，未加入购物车`
          : `${name}: this option was deleted by the shop and was not added to your cart.`;
      return zh
        ? `「${name}」已下架，未加入购物车`
        : `${name}: no longer on sale, not added to your cart.`;
    case 'out_of_stock':
      return zh ? `「${name}」已售罄，未加入购物车` : `${name}: sold out, not added to your cart.`;
    case 'short_stock':
      return zh
        ? `「${name}」库存不足，已加入 ${i.addedQuantity} 件`
        : `${name}: only ${i.addedQuantity} left, added ${i.addedQuantity}.`;
    case 'price_up':
      return zh
        ? `「${name}」价格上涨 ${prices}，已加入 ${i.addedQuantity} 件`
        : `${name}: price up ${prices}, added ${i.addedQuantity}.`;
    case 'price_down':
      return zh
        ? `「${name}」价格下降 ${prices}，已加入 ${i.addedQuantity} 件`
        : `${name}: price down ${prices}, added ${i.addedQuantity}.`;
    default:
      return zh
        ? `「${name}」价格未变，已加入 ${i.addedQuantity} 件`
        : `${name}: same price, added ${i.addedQuantity}.`;
  }
}

/** The gone items named in one sentence, or null when every item is still sold. */
export function goneSummary(items: BuyAgainItemText[], lang: Lang): string | null {
  const gone = items.filter((i) => i.goneReason !== null);
  if (gone.length === 0) return null;
  const names = gone.map((i) => itemName(i, lang));
  return lang === 'en'
    ? `No longer available: ${names.join('; ')}. The other items are in your cart.`
    : `以下商品已下架或规格已删除，无法再次购买：${names.join('、')}。其余商品已加入购物车。`;
}
