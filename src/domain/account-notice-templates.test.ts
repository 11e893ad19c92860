import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_NOTICE_TEMPLATES,
  isSecurityNotice,
  renderAccountNotice,
} from './account-notice-templates.js';

const facts = {
  link: 'https://btepai.test/account',
  code: '482913',
  purpose: 'reset_password' as const,
  validMinutes: 10,
  count: 3,
  windowDays: 30,
};

describe('account notice templates', () => {
  for (const template of ACCOUNT_NOTICE_TEMPLATES) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`${template} in ${locale} is in the shopper's language and links to the site`, () => {
        const n = renderAccountNotice(template, locale, facts);
        expect(n.subject.startsWith('【B特派】')).toBe(true);
        expect(n.text).toContain(facts.link);
        expect(n.html).toContain(facts.link);
        if (locale === 'en') expect(n.short.replace(/B特派/g, '')).not.toMatch(/[\u4e00-\u9fff]/u);
        else expect(n.short).toMatch(/[\u4e00-\u9fff]/u);
      });
    }
  }

  it('puts the code in the subject and the text, and says how long it lasts', () => {
    const zh = renderAccountNotice('verification_code', 'zh-CN', { ...facts, purpose: 'register' });
    expect(zh.subject).toBe('【B特派】注册验证码：482913');
    expect(zh.short).toContain('10 分钟内有效');
    const en = renderAccountNotice('verification_code', 'en', facts);
    expect(en.short).toContain('password reset code is 482913');
  });

  it('tells the count and the window in a standing warning, and that ordering still works', () => {
    const n = renderAccountNotice('standing_warning', 'zh-CN', facts);
    expect(n.short).toContain('近 30 天已取消 3 笔订单');
    expect(n.short).toContain('再次下单不受影响');
    const r = renderAccountNotice('standing_review', 'en', { ...facts, count: 5 });
    expect(r.short).toContain('cancelled 5 orders');
  });

  it('treats codes and password changes as security notices, standing as ordinary', () => {
    expect(isSecurityNotice('verification_code')).toBe(true);
    expect(isSecurityNotice('password_changed')).toBe(true);
    expect(isSecurityNotice('standing_warning')).toBe(false);
    expect(isSecurityNotice('standing_review')).toBe(false);
  });
});
