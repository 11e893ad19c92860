// Input rules for accounts. Pure checks; the HTTP layer turns failures into error codes.

/** Mainland China mobile: 11 digits, 1 then 3-9. Expects normalised input. */
export function isMainlandMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s);
}

/** Strips spaces, dashes and a leading +86 / 0086 / 86 country code, as people type them. */
export function normaliseMobile(s: string): string {
  const compact = s.replace(/[\s\u3000-]/g, '');
  const withoutPlus = compact.replace(/^(\+|00)86/, '');
  // A bare 86 prefix only counts when what remains is a full 11-digit number.
  return /^86\d{11}$/.test(withoutPlus) ? withoutPlus.slice(2) : withoutPlus;
}

export function normaliseEmail(s: string): string {
  return s.trim().toLowerCase();
}

export type PasswordProblem = 'too_short' | 'too_long' | 'needs_letter' | 'needs_digit';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

/** Empty list means the password is acceptable. Length counts characters, not UTF-16 units. */
export function passwordProblems(pw: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...pw].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  if (!/\p{L}/u.test(pw)) problems.push('needs_letter');
  if (!/\p{Nd}/u.test(pw)) problems.push('needs_digit');
  return problems;
}
