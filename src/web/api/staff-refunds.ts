// 补偿 and 线下退款 from the staff order pages: what is still refundable (with the reasons), the
// two requests (each with its Idempotency-Key), and the receipt of a 线下退款 uploaded after it.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RefundDetail } from '../../contracts/index.js';
import type { staffRefundOptions } from '../../contracts/staff-refunds.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type StaffRefundOptions = z.infer<typeof staffRefundOptions>;
/** Which console asks: operators and agents under /ops, a merchant for their shop. */
export type StaffRefundScope = 'ops' | 'merchant';
export type OfflineMethod = NonNullable<RefundDetail['offlineMethod']>;

export interface GoodwillBody {
  amountFen: number;
  reasonCode: string;
  note?: string;
}

export interface OfflineBody {
  amountFen: number;
  method: OfflineMethod;
  reference: string;
  note?: string;
}

const base = (scope: StaffRefundScope, orderNo: string) =>
  `/${scope}/orders/${encodeURIComponent(orderNo)}`;

export function useStaffRefundOptions(scope: StaffRefundScope, orderNo: string, enabled = true) {
  return useQuery({
    queryKey: qk.staffRefundOptions(scope, orderNo),
    queryFn: ({ signal }) =>
      api<StaffRefundOptions>(`${base(scope, orderNo)}/staff-refunds`, { signal }),
    enabled: enabled && orderNo !== '',
  });
}

/** A refund by amount changed the order: its staff views, what is left, the review queue. */
export function staffRefundIssued(client: QueryClient, orderNo: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['ops', 'order', orderNo] }),
    client.invalidateQueries({ queryKey: qk.merchantOrder(orderNo) }),
    client.invalidateQueries({ queryKey: qk.staffRefundOptionsRoot(orderNo) }),
    client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
  ]);
}

/** After a 线下退款's receipt is uploaded: the order's timeline names the file. */
export function useReceiptUploaded(orderNo: string) {
  const client = useQueryClient();
  return () => staffRefundIssued(client, orderNo);
}

export function useGoodwillRefund(scope: StaffRefundScope, orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: GoodwillBody; key: string }) =>
      api<RefundDetail>(`${base(scope, orderNo)}/goodwill-refunds`, {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSettled: () => staffRefundIssued(client, orderNo),
  });
}

/** 线下退款: operators only (the server refuses everyone else). */
export function useOfflineRefund(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: OfflineBody; key: string }) =>
      api<RefundDetail>(`${base('ops', orderNo)}/offline-refunds`, {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSettled: () => staffRefundIssued(client, orderNo),
  });
}
