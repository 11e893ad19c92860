// 对账 in the staff console (operators): each channel's daily statement against our records,
// and 重新对账 for a day.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  statementList,
  unmatchedProviderRefundList,
  StatementRunDetail,
  StatementRunSummary,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type StatementList = z.infer<typeof statementList>;
export type StatementRun = StatementRunSummary;
export type StatementDetail = StatementRunDetail;
export type UnmatchedProviderRefund = z.infer<typeof unmatchedProviderRefundList>['items'][number];

export function useStatementRuns() {
  return useQuery({
    queryKey: qk.statementRuns,
    queryFn: ({ signal }) => api<StatementList>('/ops/statements', { signal }),
  });
}

/** One channel's day with its mismatches (loaded when its row is opened). */
export function useStatementRun(provider: string, day: string) {
  return useQuery({
    queryKey: qk.statementRun(provider, day),
    queryFn: ({ signal }) => api<StatementDetail>(`/ops/statements/${provider}/${day}`, { signal }),
  });
}

export function useRerunStatement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { provider: string; day: string }) =>
      api<StatementDetail>(`/ops/statements/${v.provider}/${v.day}/run`, { method: 'POST' }),
    onSuccess: (detail) =>
      client.setQueryData(qk.statementRun(detail.provider, detail.day), detail),
    // A failed download is recorded on the day too: refresh the list either way.
    onSettled: () => void client.invalidateQueries({ queryKey: qk.statementsRoot }),
  });
}

/** Refunds a channel notified us of that match no payment of ours (newest first, at most 200). */
export function useUnmatchedProviderRefunds() {
  return useQuery({
    queryKey: qk.unmatchedProviderRefunds,
    queryFn: ({ signal }) =>
      api<z.infer<typeof unmatchedProviderRefundList>>('/ops/provider-refunds', { signal }),
  });
}
