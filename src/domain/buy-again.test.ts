import { describe, expect, it } from 'vitest';
import { buyAgainMessage, decideBuyAgain, goneSummary, type VariantToday } from './buy-again.js';

const today = (over: Partial<VariantToday> = {}): VariantToday => ({
  priceFen: 1_000,
  stockAvailable: 10,
  deleted: false,
  productOnSale: true,
  ...over,
});

describe('decideBuyAgain', () => {
  it.each([
    ['same', today(), { change: 'same', goneReason: null, addQuantity: 2 }],
    ['price up', today({ priceFen: 1_200 }), { change: 'price_up', addQuantity: 2 }],
    ['price down', today({ priceFen: 900 }), { change: 'price_down', addQuantity: 2 }],
    ['short', today({ stockAvailable: 1 }), { change: 'short_stock', addQuantity: 1 }],
    ['sold out', today({ stockAvailable: 0 }), { change: 'out_of_stock', addQuantity: 0 }],
    ['delisted', today({ productOnSale: false }), { change: 'removed', goneReason: 'delisted' }],
    ['deleted', today({ deleted: true }), { change: 'removed', goneReason: 'deleted' }],
    ['row missing', null, { change: 'removed', goneReason: 'deleted', addQuantity: 0 }],
  ] as const)('%s', (_name, now, expected) => {
    expect(decideBuyAgain(1_000, 2, now)).toMatchObject(expected);
  });

  it('never adds units of a gone item, even with stock on its row', () => {
    expect(decideBuyAgain(1_000, 2, today({ deleted: true })).addQuantity).toBe(0);
    expect(decideBuyAgain(1_000, 2, today({ productOnSale: false })).addQuantity).toBe(0);
  });
});

describe('messages', () => {
  const item = {
    title: '保温杯',
    titleEn: 'Flask',
    variantName: '白色',
    variantNameEn: 'White',
    oldPriceFen: 1_000,
    newPriceFen: null,
    addedQuantity: 0,
    change: 'removed' as const,
    goneReason: 'deleted' as const,
  };

  it('names a gone item and why, in zh-CN and English', () => {
    expect(buyAgainMessage(item, 'zh-CN')).toBe(
      '「保温杯（白色）」该规格已被商家删除，未加入购物车',
    );
    expect(buyAgainMessage(item, 'en')).toBe(
      'Flask (White): this option was deleted by the shop and was not added to your cart.',
    );
    expect(buyAgainMessage({ ...item, goneReason: 'delisted' }, 'zh-CN')).toBe(
      '「保温杯（白色）」已下架，未加入购物车',
    );
  });

  it('sums up only the gone items', () => {
    const kept = { ...item, title: '茶叶', variantName: '罐装', change: 'same' as const };
    expect(goneSummary([{ ...kept, goneReason: null }], 'zh-CN')).toBeNull();
    expect(goneSummary([item, { ...kept, goneReason: null }], 'zh-CN')).toBe(
      '以下商品已下架或规格已删除，无法再次购买：保温杯（白色）。其余商品已加入购物车。',
    );
  });
});
