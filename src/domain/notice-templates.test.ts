import { describe, expect, it } from 'vitest';
import { NOTICE_TEMPLATES, renderNotice } from './notice-templates.js';

const facts = {
  orderNo: '202611261234567890',
  link: 'https://btepai.test/orders/202611261234567890',
  amountFen: 12_345,
  carrier: '顺丰速运',
  trackingNo: 'SF123',
  reason: '已打包',
  deadline: '11月27日 10:00',
};

describe('notice templates', () => {
  for (const template of NOTICE_TEMPLATES) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`${template} in ${locale} names the order and links to it`, () => {
        // Facts in the shopper's language; the template's own words must match it too.
        const localFacts =
          locale === 'en'
            ? {
                ...facts,
                carrier: 'SF Express',
                reason: 'already packed',
                deadline: 'Nov 27 10:00',
              }
            : facts;
        const n = renderNotice(template, locale, localFacts);
        expect(n.short).toContain(facts.orderNo);
        expect(n.text).toContain(facts.link);
        expect(n.html).toContain(facts.link);
        expect(n.subject.length).toBeGreaterThan(4);
        // zh-CN copy is Chinese, English copy has no Han characters beyond the brand.
        if (locale === 'en') expect(n.short.replace(/B特派/g, '')).not.toMatch(/[\u4e00-\u9fff]/u);
        else expect(n.short).toMatch(/[\u4e00-\u9fff]/u);
      });
    }
  }

  it('says 订单取消成功 with the refund amount (问题1)', () => {
    const n = renderNotice('order_cancelled', 'zh-CN', facts);
    expect(n.subject).toBe('【B特派】订单取消成功');
    expect(n.short).toContain('¥123.45');
  });

  it('escapes markup in the HTML email', () => {
    const n = renderNotice('cancellation_rejected', 'zh-CN', {
      ...facts,
      reason: '<script>alert(1)</script>',
    });
    expect(n.html).not.toContain('<script>');
    expect(n.html).toContain('&#60;script&#62;');
  });
});
