import { describe, it, expect } from 'vitest';
import {
  isMainlandMobile,
  normaliseEmail,
  normaliseMobile,
  passwordProblems,
  type PasswordProblem,
} from './validation.js';

describe('isMainlandMobile', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['15012345678', true],
    ['12812345678', false],
    ['10012345678', false],
    ['1380013800', false],
    ['138001380001', false],
    ['138 0013 8000', false],
    ['+8613800138000', false],
    ['1380013800a', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isMainlandMobile(s)).toBe(expected);
  });
});

describe('normaliseMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['  13800138000 ', '13800138000'],
    ['86123', '86123'],
    ['', ''],
  ])('%j → %j', (s, expected) => {
    expect(normaliseMobile(s)).toBe(expected);
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['  Alice@Example.COM ', 'alice@example.com'],
    ['bob@b.cn', 'bob@b.cn'],
    ['', ''],
  ])('%j → %j', (s, expected) => {
    expect(normaliseEmail(s)).toBe(expected);
  });
});

describe('passwordProblems', () => {
  it.each<[string, PasswordProblem[]]>([
    ['abcdef12', []],
    ['密码安全abcd1234', []],
    ['a1', ['too_short']],
    ['', ['too_short', 'needs_letter', 'needs_digit']],
    ['abcdefgh', ['needs_digit']],
    ['12345678', ['needs_letter']],
    ['a'.repeat(63) + '1', []],
    ['a'.repeat(64) + '1', ['too_long']],
    ['😀😀😀😀😀😀a1', []], // 8 characters though 14 UTF-16 units
    ['😀😀😀a1', ['too_short']],
    ['!!!!!!!!', ['needs_letter', 'needs_digit']],
  ])('%j → %o', (pw, expected) => {
    expect(passwordProblems(pw)).toEqual(expected);
  });
});
