// A count in a red pill over an icon (cart, 消息中心); nothing when the count is 0.
import type { ReactNode } from 'react';

export function Badge({
  count,
  max = 99,
  color,
  children,
}: {
  count: number;
  max?: number;
  color?: string;
  children: ReactNode;
}) {
  return (
    <span className="lt-badge">
      {children}
      {count > 0 && (
        <sup className="lt-badge-count" style={color ? { background: color } : undefined}>
          {count > max ? `${max}+` : count}
        </sup>
      )}
    </span>
  );
}
