// Route guards: a page that needs a signed-in user sends visitors to /login and back.
// Built without antd (lite/): 我的订单 passes through it on a first visit.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { UserView } from '../../contracts/index.js';
import { useSession } from '../api/session.js';
import { Spinner } from '../lite/states.js';
import { ErrorAlert } from './feedback.js';

export function loginPath(from: string): string {
  return from && from !== '/' ? `/login?redirect=${encodeURIComponent(from)}` : '/login';
}

/** Only same-site paths: never send a user to another origin after login. */
export function safeRedirect(target: string | null): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return null;
  }
  return target;
}

export function RequireUser({
  roles,
  children,
}: {
  roles?: UserView['role'][];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: 240 }}>
        <Spinner label={t('common.loading')} />
      </div>
    );
  }
  if (session.isError)
    return <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user || (roles && !roles.includes(user.role))) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  return <>{children}</>;
}
