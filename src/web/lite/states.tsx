// Loading, error and empty states without antd: the skeleton of a list, a spinner, an error
// strip with 重试, and 暂无 with an illustration.
import type { ReactNode } from 'react';
import { Button } from './Button.js';
import { EmptyPicture, ErrorIcon, ReloadIcon } from './icons.js';

export function Skeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div className="lt-skeleton" aria-busy="true">
      <div className="lt-skeleton-title" />
      {Array.from({ length: rows }, (_, i) => (
        <div
          key={i}
          className="lt-skeleton-row"
          style={i === rows - 1 ? { width: '61%' } : undefined}
        />
      ))}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="lt-spinner" role="status" aria-label={label}>
      <ReloadIcon spin />
    </span>
  );
}

export function ErrorStrip({
  message,
  retryText,
  onRetry,
}: {
  message: string;
  retryText?: string;
  onRetry?: () => void;
}) {
  return (
    <div className="lt-alert lt-alert-error" role="alert">
      <ErrorIcon style={{ color: '#cf1322', flex: 'none' }} />
      <span className="lt-alert-text">{message}</span>
      {onRetry && retryText && (
        <Button size="small" onClick={onRetry}>
          {retryText}
        </Button>
      )}
    </div>
  );
}

export function Empty({ description, children }: { description: string; children?: ReactNode }) {
  return (
    <div className="lt-empty">
      <EmptyPicture />
      <div className="lt-empty-text">{description}</div>
      {children && <div className="lt-empty-actions">{children}</div>}
    </div>
  );
}
