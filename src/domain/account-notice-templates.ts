// Notices about the account rather than an order: verification codes, a changed password and
// account-standing warnings, in zh-CN and English. Pure: the caller supplies the facts.

import type { RenderedNotice } from './notice-templates.js';

export const ACCOUNT_NOTICE_TEMPLATES = [
  'verification_code',
  'password_changed',
  'standing_warning',
  'standing_review',
] as const;
export type AccountNoticeTemplate = (typeof ACCOUNT_NOTICE_TEMPLATES)[number];

/** Codes and password changes are security notices: they go out whatever the preferences. */
export function isSecurityNotice(template: AccountNoticeTemplate): boolean {
  return template === 'verification_code' || template === 'password_changed';
}

export interface AccountNoticeFacts {
  /** Absolute link to the page that explains the notice (profile, login). */
  link: string;
  code?: string;
  purpose?: 'register' | 'reset_password';
  /** Minutes a code stays valid. */
  validMinutes?: number;
  /** Cancellations counted in the rolling window, and its length in days. */
  count?: number;
  windowDays?: number;
}

type Lang = 'zh' | 'en';
type Copy = (f: AccountNoticeFacts) => { subject: string; short: string };

const COPY: Record<AccountNoticeTemplate, Record<Lang, Copy>> = {
  verification_code: {
    zh: (f) => {
      const what = f.purpose === 'register' ? '注册' : '重置密码';
      return {
        subject: `${what}验证码：${f.code ?? ''}`,
        short: `您的${what}验证码是 ${f.code ?? ''}，${f.validMinutes ?? 10} 分钟内有效。请勿告诉任何人，包括客服人员。`,
      };
    },
    en: (f) => {
      const what = f.purpose === 'register' ? 'registration' : 'password reset';
      return {
        subject: `Your ${what} code: ${f.code ?? ''}`,
        short: `Your ${what} code is ${f.code ?? ''}. It expires in ${f.validMinutes ?? 10} minutes. Never share it with anyone, including our staff.`,
      };
    },
  },
  password_changed: {
    zh: () => ({
      subject: '登录密码已修改',
      short:
        '您的登录密码刚刚被修改，所有设备已退出登录。如果不是您本人操作，请立即重置密码并联系客服。',
    }),
    en: () => ({
      subject: 'Your password was changed',
      short:
        'Your password was just changed and every device was signed out. If this was not you, reset your password now and contact customer service.',
    }),
  },
  standing_warning: {
    zh: (f) => ({
      subject: '取消次数提醒',
      short: `您近 ${f.windowDays ?? 30} 天已取消 ${f.count ?? 0} 笔订单。取消次数继续增加后，之后的退款将需要人工审核，到账会变慢；再次下单不受影响。`,
    }),
    en: (f) => ({
      subject: 'About your cancellations',
      short: `You have cancelled ${f.count ?? 0} orders in the last ${f.windowDays ?? 30} days. If this goes on, later refunds will be reviewed by staff and take longer; you can still place orders.`,
    }),
  },
  standing_review: {
    zh: (f) => ({
      subject: '退款将转人工审核',
      short: `您近 ${f.windowDays ?? 30} 天已取消 ${f.count ?? 0} 笔订单，之后的退款将由客服审核后退回，到账会晚一些；再次下单不受影响。`,
    }),
    en: (f) => ({
      subject: 'Your refunds will be reviewed',
      short: `You have cancelled ${f.count ?? 0} orders in the last ${f.windowDays ?? 30} days, so later refunds will be reviewed by staff before they are paid and take a little longer; you can still place orders.`,
    }),
  },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderAccountNotice(
  template: AccountNoticeTemplate,
  locale: 'zh-CN' | 'en',
  facts: AccountNoticeFacts,
): RenderedNotice {
  const lang: Lang = locale === 'en' ? 'en' : 'zh';
  const { subject, short } = COPY[template][lang](facts);
  const open = lang === 'en' ? 'Open B特派' : '打开 B特派';
  const sign = lang === 'en' ? 'B特派 customer service' : 'B特派客服';
  const text = `${short}\n\n${open}: ${facts.link}\n\n${sign}`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#222">
<h2 style="color:#ff5000">${escapeHtml(subject)}</h2>
<p>${escapeHtml(short)}</p>
<p><a href="${escapeHtml(facts.link)}">${escapeHtml(open)}</a></p>
<p style="color:#888">${escapeHtml(sign)}</p>
</body></html>`;
  return { subject: `【B特派】${subject}`, short, text, html };
}
