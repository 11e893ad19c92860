// Operations console: order search, staff order view, audit trail and dashboards.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditRowView } from '../../contracts/audit.js';
import type {
  cancellationsByDay,
  productCancelRates,
  refundProblems,
  refundTimes,
  slaCompliance,
} from '../../contracts/dashboards.js';
import type {
  staffOrderDetail,
  StaffOrderQuery,
  StaffOrderRow,
} from '../../contracts/ops-orders.js';
import { api } from './client.js';

export type { AuditRowView, StaffOrderRow };
export type StaffOrderDetail = z.infer<typeof staffOrderDetail>;
export type StaffOrderFilters = Partial<Omit<StaffOrderQuery, 'cursor' | 'limit'>>;
export interface AuditFilters {
  orderNo?: string;
  actor?: string;
  from?: string;
  to?: string;
}
export interface DashboardFilters {
  from: string;
  to: string;
  shopId?: number;
}
export interface Dashboards {
  cancellations: z.infer<typeof cancellationsByDay>;
  products: z.infer<typeof productCancelRates>;
  refundTimes: z.infer<typeof refundTimes>;
  sla: z.infer<typeof slaCompliance>;
  problems: z.infer<typeof refundProblems>;
}

const keys = {
  orders: (f: StaffOrderFilters) => ['ops', 'orders', f] as const,
  order: (orderNo: string) => ['ops', 'order', orderNo] as const,
  audit: (f: AuditFilters) => ['ops', 'audit', f] as const,
  dashboards: (f: DashboardFilters) => ['ops', 'dashboards', f] as const,
};

type Page<T> = { items: T[]; nextCursor: string | null };

export function useStaffOrderSearch(filters: StaffOrderFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: keys.orders(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<StaffOrderRow>>('/ops/orders', {
        query: { ...filters, cursor: pageParam, limit: 20 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useStaffOrder(orderNo: string) {
  return useQuery({
    queryKey: keys.order(orderNo),
    queryFn: ({ signal }) =>
      api<StaffOrderDetail>(`/ops/orders/${encodeURIComponent(orderNo)}`, { signal }),
  });
}

export function useAuditTrail(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: keys.audit(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditRowView>>('/ops/audit', {
        query: { ...filters, cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** All five dashboards for one filter, fetched in parallel. */
export function useDashboards(filters: DashboardFilters) {
  return useQuery({
    queryKey: keys.dashboards(filters),
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const query = { ...filters };
      const get = <T>(name: string) => api<T>(`/ops/dashboards/${name}`, { query, signal });
      const [cancellations, products, refundTimes, sla, problems] = await Promise.all([
        get<Dashboards['cancellations']>('cancellations'),
        get<Dashboards['products']>('products'),
        get<Dashboards['refundTimes']>('refund-times'),
        get<Dashboards['sla']>('sla'),
        get<Dashboards['problems']>('refund-problems'),
      ]);
      return { cancellations, products, refundTimes, sla, problems } satisfies Dashboards;
    },
  });
}

/** Same-origin GET with the session cookie: the browser saves the ZIP the server names. */
export function disputeBundleUrl(orderNo: string, staff: boolean): string {
  const no = encodeURIComponent(orderNo);
  return staff ? `/api/v1/ops/orders/${no}/dispute-bundle` : `/api/v1/orders/${no}/dispute-bundle`;
}
