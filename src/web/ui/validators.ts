// Form rules that mirror the server's checks (src/domain/validation.ts), for antd Form.Item.
import type { FormRule as Rule } from 'antd';
import { isMainlandMobile, normaliseMobile, passwordProblems } from '../../domain/validation.js';

export function mobileRule(message: string): Rule {
  return {
    validator: (_r, value: unknown) =>
      typeof value === 'string' && isMainlandMobile(normaliseMobile(value))
        ? Promise.resolve()
        : Promise.reject(new Error(message)),
  };
}

export function passwordRule(message: string): Rule {
  return {
    validator: (_r, value: unknown) =>
      typeof value === 'string' && passwordProblems(value).length === 0
        ? Promise.resolve()
        : Promise.reject(new Error(message)),
  };
}

export function codeRule(message: string): Rule {
  return { required: true, pattern: /^\d{6}$/, message };
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(s: string): boolean {
  return EMAIL_PATTERN.test(s.trim()) && s.trim().length <= 254;
}
