// Loading, error and empty states shared by pages. Built without antd (lite/states.tsx): 我的订单
// uses them on a first visit, and every page then shows the same ones.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import { Empty, ErrorStrip, Skeleton } from '../lite/states.js';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorStrip message={errorMessage(error)} retryText={t('common.retry')} onRetry={onRetry} />
  );
}

export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return <Skeleton rows={rows} />;
}

export function EmptyState({
  description,
  children,
}: {
  description: string;
  children?: ReactNode;
}) {
  return <Empty description={description}>{children}</Empty>;
}
