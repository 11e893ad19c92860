// 优惠券 in the staff console: the coupons an operator (platform) or a merchant (their shop) has
// created, creating one, and issuing it to shoppers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  couponList,
  CouponView,
  CreateCouponRequest,
  issueCouponResponse,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

/** Operators work under /ops, merchants under /merchant (their own shop). */
export type CouponDesk = 'ops' | 'merchant';
export type IssueResult = z.infer<typeof issueCouponResponse>;

export function useStaffCoupons(desk: CouponDesk) {
  return useQuery({
    queryKey: qk.staffCoupons(desk),
    queryFn: ({ signal }) => api<z.infer<typeof couponList>>(`/${desk}/coupons`, { signal }),
  });
}

export function useCreateCoupon(desk: CouponDesk) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateCouponRequest>) =>
      api<CouponView>(`/${desk}/coupons`, { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.staffCoupons(desk) }),
  });
}

export function useIssueCoupon(desk: CouponDesk) {
  return useMutation({
    mutationFn: ({ id, recipients }: { id: number; recipients: string[] }) =>
      api<IssueResult>(`/${desk}/coupons/${id}/issue`, { method: 'POST', body: { recipients } }),
  });
}
