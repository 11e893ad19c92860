// Where antd's providers are mounted. Pages are marked `handle: { lite: true }` when they are
// built without antd (lite/); every other page gets AntdScope around it, fetched with the
// page's own chunk (see router.tsx). Once mounted it stays for the rest of the visit, so a
// toast shown just before a navigation (登录成功, then 我的订单) is not cut off.
import { useRef, type ComponentType, type ReactNode } from 'react';
import { Outlet, useMatches } from 'react-router';

type Scope = ComponentType<{ children: ReactNode }>;

let loaded: Scope | null = null;
let loading: Promise<Scope> | null = null;

/** Fetches AntdScope's chunk (once). */
export function loadAntdScope(): Promise<Scope> {
  loading ??= import('./AntdScope.js').then((m) => (loaded = m.AntdScope));
  return loading;
}

/** Route handle of a page built without antd. */
export const LITE = { lite: true } as const;

function isLite(handle: unknown): boolean {
  return typeof handle === 'object' && handle !== null && 'lite' in handle;
}

/** The shop's page outlet: inside AntdScope unless the page is lite and antd never came. */
export function PageOutlet() {
  const matches = useMatches();
  const lite = isLite(matches.at(-1)?.handle);
  const wrapped = useRef(false);
  const Scope = loaded;
  if (Scope && (!lite || wrapped.current)) {
    wrapped.current = true;
    return (
      <Scope>
        <Outlet />
      </Scope>
    );
  }
  return <Outlet />;
}

/** A component inside AntdScope (a frame whose pages all use antd, e.g. the staff console). */
export async function withAntd<P extends object>(
  load: () => Promise<ComponentType<P>>,
): Promise<ComponentType<P>> {
  const [Inner, Scope] = await Promise.all([load(), loadAntdScope()]);
  return function InAntdScope(props: P) {
    return (
      <Scope>
        <Inner {...props} />
      </Scope>
    );
  };
}
