// Loading, error and empty states shared by pages.
import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  );
}

export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return <Skeleton active paragraph={{ rows }} style={{ padding: 16 }} />;
}

export function EmptyState({
  description,
  children,
}: {
  description: string;
  children?: ReactNode;
}) {
  return (
    <Empty description={description} style={{ padding: '40px 0' }}>
      {children}
    </Empty>
  );
}
