// 我的优惠券.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { myCoupons, myCouponState } from '../../contracts/index.js';
import { api } from './client.js';

export type MyCouponState = z.infer<typeof myCouponState>;
export type MyCoupons = z.infer<typeof myCoupons>;

export function useMyCoupons(state: MyCouponState) {
  return useQuery({
    queryKey: ['coupons', state] as const,
    queryFn: ({ signal }) => api<MyCoupons>('/coupons', { query: { state }, signal }),
  });
}
