import type { CodeChannel, CodePurpose } from './codes.js';

/** A verification code was issued; the notifications module sends it. */
export const CODE_TOPIC = 'verification_code.issued';

/** The password was reset; the account holder is told on every channel. */
export const PASSWORD_CHANGED_TOPIC = 'account.password_changed';

export interface CodeMessage {
  channel: CodeChannel;
  target: string;
  code: string;
  purpose: CodePurpose;
  locale: 'zh-CN' | 'en';
}

export interface PasswordChangedMessage {
  userId: number;
}
