// A button that opens a menu (WAI-ARIA menu button): role menu / menuitem, the first item
// focused on opening, arrow keys, Home and End move, Escape closes and gives focus back to the
// button, a click or tap elsewhere closes. Items are links (a real href) or actions.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';

export type MenuEntry =
  | { key: string; label: string; to: string; danger?: boolean }
  | { key: string; label: string; onSelect: () => void; danger?: boolean }
  | { divider: true; key: string };

export function MenuButton({
  children,
  entries,
  className,
}: {
  /** What the button shows. */
  children: ReactNode;
  entries: MenuEntry[];
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const to =
      e.key === 'ArrowDown'
        ? (at + 1) % list.length
        : e.key === 'ArrowUp'
          ? (at - 1 + list.length) % list.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? list.length - 1
              : -1;
    if (to >= 0) {
      e.preventDefault();
      list[to]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    }
  };

  return (
    <span className="lt-menu-anchor">
      <button
        ref={button}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open && (
        <div ref={menu} id={id} role="menu" className="lt-menu" onKeyDown={onMenuKey}>
          {entries.map((entry) => {
            if ('divider' in entry) {
              return <div key={entry.key} role="separator" className="lt-menu-divider" />;
            }
            const cls = entry.danger ? 'lt-menu-item lt-menu-item-danger' : 'lt-menu-item';
            if ('to' in entry) {
              return (
                <a
                  key={entry.key}
                  role="menuitem"
                  tabIndex={-1}
                  className={cls}
                  href={entry.to}
                  onClick={(e) => {
                    setOpen(false);
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                    e.preventDefault();
                    void navigate(entry.to);
                  }}
                >
                  {entry.label}
                </a>
              );
            }
            return (
              <button
                key={entry.key}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={cls}
                onClick={() => {
                  close(true);
                  entry.onSelect();
                }}
              >
                {entry.label}
              </button>
            );
          })}
        </div>
      )}
    </span>
  );
}
