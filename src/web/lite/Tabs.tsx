// A tab bar (WAI-ARIA tabs): role tablist/tab with aria-selected, one tab in the Tab order,
// arrow keys, Home and End move between tabs and Enter or Space opens one (manual activation:
// each opening loads a list, so passing over a tab must not). Scrolls sideways when narrow.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** Scrolls the bar sideways (only the bar, never the page) so that `tab` is in view. */
function reveal(tab: HTMLElement | undefined): void {
  const bar = tab?.parentElement;
  if (!tab || !bar) return;
  const left = tab.offsetLeft; // the bar is positioned (lite.css), so this is from its edge
  if (left < bar.scrollLeft) bar.scrollLeft = Math.max(0, left - 12);
  else if (left + tab.offsetWidth > bar.scrollLeft + bar.clientWidth)
    bar.scrollLeft = left + tab.offsetWidth - bar.clientWidth + 12;
}

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
}

export function tabId(idBase: string, key: string): string {
  return `${idBase}-tab-${key}`;
}

export function TabBar<K extends string>({
  items,
  active,
  onChange,
  idBase,
  panelId,
  label,
}: {
  items: TabItem<K>[];
  active: K;
  onChange: (key: K) => void;
  /** Prefix of the tabs' ids (the panel names itself after the active tab). */
  idBase: string;
  /** The element the tabs control. */
  panelId: string;
  label?: string;
}) {
  const [focusKey, setFocusKey] = useState<K | null>(null);
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const current = focusKey !== null && items.some((i) => i.key === focusKey) ? focusKey : active;
  // The open tab in view, also once counts arrive and widen the tabs before it.
  useEffect(() => {
    const show = () => reveal(refs.current.get(active));
    show();
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(show);
    for (const el of refs.current.values()) watch.observe(el);
    return () => watch.disconnect();
  }, [active]);

  const moveFocus = (e: KeyboardEvent, from: K) => {
    const at = items.findIndex((i) => i.key === from);
    const last = items.length - 1;
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const key = items[to]!.key;
    setFocusKey(key);
    refs.current.get(key)?.focus();
  };

  return (
    <div className="lt-tabs" role="tablist" aria-label={label}>
      {items.map((item) => {
        const selected = item.key === active;
        return (
          <button
            key={item.key}
            ref={(el) => {
              if (el) refs.current.set(item.key, el);
              else refs.current.delete(item.key);
            }}
            type="button"
            role="tab"
            id={tabId(idBase, item.key)}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={item.key === current ? 0 : -1}
            className={selected ? 'lt-tab lt-tab-active' : 'lt-tab'}
            onClick={() => {
              setFocusKey(item.key);
              if (!selected) onChange(item.key);
            }}
            onKeyDown={(e) => moveFocus(e, item.key)}
            onFocus={(e) => reveal(e.currentTarget)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
