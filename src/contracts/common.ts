import { z } from 'zod';

/** Integer fen (1/100 yuan); money is never a float. */
export const fen = z.number().int().nonnegative();
export const isoDateTime = z.string();
export const id = z.coerce.number().int().positive();
export const orderNo = z.string().regex(/^\d{18}$/);
/** A keyset cursor: the last row id seen. Bounded so the database never sees an out-of-range id. */
export const idCursor = z
  .string()
  .regex(/^\d{1,16}$/)
  .refine((s) => Number.isSafeInteger(Number(s)), 'cursor out of range');

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const pageQuery = z.object({
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function page<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const policyKind = z.enum([
  'full_refund',
  'refund_minus_fee',
  'no_refund_after_shipment',
  'non_cancellable',
]);
export const policyView = z.object({
  kind: policyKind,
  feeKind: z.enum(['percent', 'fixed']).nullable(),
  feeValue: z.number().int(),
  text: z.object({ zh: z.string(), en: z.string() }),
});
export type PolicyView = z.infer<typeof policyView>;

export const paymentChannel = z.enum(['balance', 'alipay', 'wechat', 'card']);
