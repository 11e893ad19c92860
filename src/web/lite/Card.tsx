// A white, rounded panel (antd's small card).
import type { HTMLAttributes } from 'react';

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div {...rest} className={className ? `lt-card ${className}` : 'lt-card'} />;
}
