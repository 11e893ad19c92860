// Buttons of the first page, in antd's look (lite.css): a <button>, and a router link that
// looks like one (a real href, so it opens in a new tab and reads as a link).
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ReloadIcon } from './icons.js';

export interface ButtonLook {
  /** antd's types: bordered (default), filled brand colour, bare text, link colour. */
  variant?: 'default' | 'primary' | 'text' | 'link';
  size?: 'small' | 'middle';
  round?: boolean;
  icon?: ReactNode;
}

export function buttonClass(
  { variant = 'default', size = 'middle', round = false }: ButtonLook,
  extra?: string,
): string {
  return [
    'lt-btn',
    `lt-btn-${variant}`,
    size === 'small' ? 'lt-btn-sm' : '',
    round ? 'lt-btn-round' : '',
    extra ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function Button({
  variant,
  size,
  round,
  icon,
  loading = false,
  className,
  children,
  type = 'button',
  ...rest
}: ButtonLook & ButtonHTMLAttributes<HTMLButtonElement> & { loading?: boolean }) {
  return (
    <button
      {...rest}
      type={type}
      className={buttonClass({ variant, size, round }, className)}
      aria-busy={loading || undefined}
      onClick={loading ? undefined : rest.onClick}
    >
      {loading ? <ReloadIcon spin /> : icon}
      {children !== undefined && children !== null && <span>{children}</span>}
    </button>
  );
}

export function LinkButton({
  to,
  variant,
  size,
  round,
  icon,
  className,
  children,
  ...rest
}: ButtonLook &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'> & { to: string }) {
  const navigate = useNavigate();
  return (
    <a
      {...rest}
      href={to}
      className={buttonClass({ variant, size, round }, className)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
        e.preventDefault();
        void navigate(to);
      }}
    >
      {icon}
      {children !== undefined && children !== null && <span>{children}</span>}
    </a>
  );
}
