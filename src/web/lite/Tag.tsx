// A small coloured label (order and refund status), in antd's preset tag colours with the
// darker text shades that reach WCAG AA on the pale background (lite.css).
import type { ReactNode } from 'react';

export type TagColor =
  | 'default'
  | 'orange'
  | 'gold'
  | 'blue'
  | 'cyan'
  | 'green'
  | 'red'
  | 'processing'
  | 'success'
  | 'error';

export function Tag({ color = 'default', children }: { color?: TagColor; children: ReactNode }) {
  return <span className={`lt-tag lt-tag-${color}`}>{children}</span>;
}
