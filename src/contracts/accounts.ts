import { z } from 'zod';

export const role = z.enum(['shopper', 'merchant', 'agent', 'operator']);
export const locale = z.enum(['zh-CN', 'en']);

export const userView = z.object({
  id: z.number().int(),
  displayName: z.string(),
  email: z.string(),
  mobile: z.string(),
  role,
  shopId: z.number().int().nullable(),
  locale,
  emailVerified: z.boolean(),
  mobileVerified: z.boolean(),
});
export type UserView = z.infer<typeof userView>;

export const sessionResponse = z.object({ user: userView.nullable() });

const email = z.string().trim().min(3).max(254);
const mobile = z.string().trim().min(11).max(20);
const password = z.string().min(1).max(128);
const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/);

export const registerCodesRequest = z.strictObject({ email, mobile });
export const registerCodesResponse = z.object({ expiresInSeconds: z.number().int() });

export const registerRequest = z.strictObject({
  email,
  mobile,
  password,
  displayName: z.string().trim().min(1).max(40),
  emailCode: code,
  smsCode: code,
});

/** The account is an email address or a mainland mobile number. */
export const loginRequest = z.strictObject({
  account: z.string().trim().min(3).max(254),
  password,
});
export const userResponse = z.object({ user: userView });

export const passwordResetCodesRequest = z.strictObject({
  account: z.string().trim().min(3).max(254),
});
export const passwordResetRequest = z.strictObject({
  account: z.string().trim().min(3).max(254),
  code,
  newPassword: password,
});

export const updateMeRequest = z.strictObject({
  displayName: z.string().trim().min(1).max(40).optional(),
  locale: locale.optional(),
});
