// Line icons drawn for the shop frame and 我的订单 (24-unit grid, 1em, current colour), so the
// first page needs no icon library. Decorative: hidden from assistive technology.
import type { CSSProperties, ReactNode } from 'react';

function Icon({
  children,
  style,
  spin,
}: {
  children: ReactNode;
  style?: CSSProperties;
  spin?: boolean;
}) {
  return (
    <svg
      className={spin ? 'lt-icon lt-spin' : 'lt-icon'}
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
      style={style}
    >
      {children}
    </svg>
  );
}

type P = { style?: CSSProperties };

export const CartIcon = (p: P) => (
  <Icon {...p}>
    <path d="M2.5 4h2.2l2.2 10.3a1 1 0 0 0 1 .8h9a1 1 0 0 0 1-.8L19.6 7H5.6" />
    <circle cx="9" cy="19.5" r="1.4" />
    <circle cx="17" cy="19.5" r="1.4" />
  </Icon>
);

export const BellIcon = (p: P) => (
  <Icon {...p}>
    <path d="M6 17v-6a6 6 0 0 1 12 0v6l1.5 1.5h-15z" />
    <path d="M10 21h4" />
  </Icon>
);

export const UserIcon = (p: P) => (
  <Icon {...p}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4.5 21a7.5 7.5 0 0 1 15 0" />
  </Icon>
);

export const DownIcon = (p: P) => (
  <Icon {...p}>
    <path d="M6 9.5l6 6 6-6" />
  </Icon>
);

export const RightIcon = (p: P) => (
  <Icon {...p}>
    <path d="M9.5 6l6 6-6 6" />
  </Icon>
);

export const ReloadIcon = ({ spin, ...p }: P & { spin?: boolean }) => (
  <Icon {...p} spin={spin}>
    <path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3" />
    <path d="M19.5 4.5v4h-4" />
  </Icon>
);

export const SearchIcon = (p: P) => (
  <Icon {...p}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M20 20l-4.3-4.3" />
  </Icon>
);

export const PictureIcon = (p: P) => (
  <Icon {...p}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <circle cx="9" cy="10" r="1.6" />
    <path d="M21 16l-5-5-8.5 8" />
  </Icon>
);

export const OfflineIcon = (p: P) => (
  <Icon {...p}>
    <path d="M2.5 9a14 14 0 0 1 6-3.2M12.5 5.6A14 14 0 0 1 21.5 9" />
    <path d="M5.5 12.5a9 9 0 0 1 4-2.2M16 11a9 9 0 0 1 2.5 1.5" />
    <path d="M9 16a4.5 4.5 0 0 1 6 0" />
    <circle cx="12" cy="19.5" r="0.6" />
    <path d="M3.5 3.5l17 17" />
  </Icon>
);

/** A filled red circle with a cross: errors. */
export const ErrorIcon = (p: P) => (
  <svg
    className="lt-icon"
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    aria-hidden
    focusable="false"
    style={p.style}
  >
    <circle cx="12" cy="12" r="11" fill="currentColor" />
    <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" stroke="#fff" strokeWidth={2} strokeLinecap="round" />
  </svg>
);

/** A grey tray with a sheet: 暂无 (nothing to show). */
export function EmptyPicture() {
  return (
    <svg viewBox="0 0 120 80" width="120" height="80" aria-hidden focusable="false">
      <ellipse cx="60" cy="72" rx="46" ry="6" fill="#f0f0f0" />
      <rect
        x="38"
        y="10"
        width="44"
        height="40"
        rx="3"
        fill="#fafafa"
        stroke="#d9d9d9"
        strokeWidth="2"
      />
      <path
        d="M46 22h28M46 30h28M46 38h16"
        stroke="#d9d9d9"
        strokeWidth="2"
        strokeLinecap="round"
      />
      <path
        d="M22 46l12-12h52l12 12v20a4 4 0 0 1-4 4H26a4 4 0 0 1-4-4z"
        fill="#f5f5f5"
        stroke="#d9d9d9"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <path d="M22 46h24a14 6 0 0 0 28 0h24" fill="none" stroke="#d9d9d9" strokeWidth="2" />
    </svg>
  );
}
