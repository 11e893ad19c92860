import type { Deps } from '../../deps.js';
import type { CodeChannel, CodePurpose } from './codes.js';

export const CODE_TOPIC = 'verification_code.issued';

export interface CodeMessage {
  channel: CodeChannel;
  target: string;
  code: string;
  purpose: CodePurpose;
  locale: 'zh-CN' | 'en';
}

function text(m: CodeMessage): { subject: string; body: string } {
  const minutes = 10;
  if (m.locale === 'en') {
    const what = m.purpose === 'register' ? 'registration' : 'password reset';
    return {
      subject: `B特派 ${what} code: ${m.code}`,
      body: `[B特派] Your ${what} code is ${m.code}. It expires in ${minutes} minutes. Never share it with anyone, including our staff.`,
    };
  }
  const what = m.purpose === 'register' ? '注册' : '重置密码';
  return {
    subject: `B特派${what}验证码：${m.code}`,
    body: `【B特派】您的${what}验证码是 ${m.code}，${minutes} 分钟内有效。请勿告诉任何人，包括客服人员。`,
  };
}

/** Outbox consumer: delivers a verification code by email or SMS (at least once). */
export function registerCodeDelivery(deps: Deps): void {
  deps.outbox.subscribe(CODE_TOPIC, 'accounts.deliver_code', async (event) => {
    const m = event.payload as CodeMessage;
    const { subject, body } = text(m);
    if (m.channel === 'email') await deps.mailer.send({ to: m.target, subject, text: body });
    else await deps.sms.send(m.target, body);
  });
}
