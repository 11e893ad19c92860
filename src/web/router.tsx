// All routes. Shopper pages sit in the shop frame; the staff console under /staff.
// Every page is its own lazily loaded chunk, so a shopper downloads only the pages they open
// and never the staff console (whose modules are reached only from the /staff routes).
// Pages built with antd fetch antd's providers (antd/AntdScope) with their chunk; 我的订单
// is built without antd (handle LITE), so a first visit to it downloads no antd at all.
import type { ComponentType } from 'react';
import {
  createBrowserRouter,
  Outlet,
  type LazyRouteFunction,
  type RouteObject,
} from 'react-router';
import { LITE, loadAntdScope, withAntd } from './antd/scope.js';
import { RequireUser } from './ui/guards.js';
import { RouteError } from './ui/RouteError.js';
import { ShopLayout } from './ui/ShopLayout.js';

type Lazy = LazyRouteFunction<RouteObject>;

/**
 * A route whose page component comes from a chunk loaded on first navigation to it, with
 * antd's providers (the shop frame's PageOutlet puts them around the page).
 */
function page(load: () => Promise<ComponentType>): Lazy {
  return async () => {
    const [Component] = await Promise.all([load(), loadAntdScope()]);
    return { Component };
  };
}

/** A page built without antd (lite/): its chunk alone. */
function litePage(load: () => Promise<ComponentType>): Lazy {
  return async () => ({ Component: await load() });
}

function ShopperOnly() {
  return (
    <RequireUser roles={['shopper']}>
      <Outlet />
    </RequireUser>
  );
}

function SignedIn() {
  return (
    <RequireUser>
      <Outlet />
    </RequireUser>
  );
}

const notFound: RouteObject = {
  path: '*',
  lazy: page(() => import('./ui/NotFound.js').then((m) => m.NotFound)),
};

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <ShopLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: page(() => import('./shopper/HomePage.js').then((m) => m.HomePage)) },
      {
        path: 'products/:id',
        lazy: page(() => import('./shopper/ProductPage.js').then((m) => m.ProductPage)),
      },
      {
        element: <ShopperOnly />,
        children: [
          {
            path: 'cart',
            lazy: page(() => import('./shopper/CartPage.js').then((m) => m.CartPage)),
          },
          {
            path: 'checkout',
            lazy: page(() => import('./shopper/CheckoutPage.js').then((m) => m.CheckoutPage)),
          },
          {
            path: 'orders',
            handle: LITE,
            lazy: litePage(() => import('./shopper/OrdersPage.js').then((m) => m.OrdersPage)),
          },
          {
            path: 'orders/:orderNo',
            lazy: page(() => import('./shopper/OrderDetailPage.js').then((m) => m.OrderDetailPage)),
          },
          {
            path: 'orders/:orderNo/cancelled',
            lazy: page(() =>
              import('./shopper/CancelResultPage.js').then((m) => m.CancelResultPage),
            ),
          },
          {
            path: 'refunds/:id',
            lazy: page(() =>
              import('./shopper/RefundDetailPage.js').then((m) => m.RefundDetailPage),
            ),
          },
          {
            path: 'after-sales',
            lazy: page(() =>
              import('./shopper/AfterSalesListPage.js').then((m) => m.AfterSalesListPage),
            ),
          },
          {
            path: 'me',
            lazy: page(() => import('./shopper/AccountPage.js').then((m) => m.AccountPage)),
          },
          {
            path: 'coupons',
            lazy: page(() => import('./shopper/CouponsPage.js').then((m) => m.CouponsPage)),
          },
          {
            path: 'support/chat/:id',
            lazy: page(() => import('./shopper/ChatPage.js').then((m) => m.ChatPage)),
          },
          {
            path: 'support/messages',
            lazy: page(() => import('./shopper/BoardPage.js').then((m) => m.BoardPage)),
          },
        ],
      },
      // 消息中心: any signed-in user has one (notices go to shoppers today).
      {
        element: <SignedIn />,
        children: [
          {
            path: 'messages',
            lazy: page(() => import('./shopper/MessagesPage.js').then((m) => m.MessagesPage)),
          },
        ],
      },
      {
        path: 'contact',
        lazy: page(() => import('./shopper/ContactPage.js').then((m) => m.ContactPage)),
      },
      {
        path: 'login',
        lazy: page(() => import('./shopper/LoginPage.js').then((m) => m.LoginPage)),
      },
      {
        path: 'register',
        lazy: page(() => import('./shopper/RegisterPage.js').then((m) => m.RegisterPage)),
      },
      {
        path: 'forgot-password',
        lazy: page(() =>
          import('./shopper/ForgotPasswordPage.js').then((m) => m.ForgotPasswordPage),
        ),
      },
      notFound,
    ],
  },
  {
    path: '/staff',
    errorElement: <RouteError />,
    // The whole console uses antd: its frame sits inside antd's providers.
    lazy: async () => ({
      Component: await withAntd(() => import('./ops/StaffLayout.js').then((m) => m.StaffLayout)),
    }),
    children: [
      { index: true, lazy: page(() => import('./ops/StaffLayout.js').then((m) => m.StaffIndex)) },
      {
        path: 'orders',
        lazy: page(() => import('./ops/MerchantOrdersPage.js').then((m) => m.MerchantOrdersPage)),
      },
      {
        path: 'orders/:orderNo',
        lazy: page(() =>
          import('./ops/MerchantOrderDetailPage.js').then((m) => m.MerchantOrderDetailPage),
        ),
      },
      {
        path: 'mailbox',
        lazy: page(() => import('./ops/MailboxPage.js').then((m) => m.MailboxPage)),
      },
      {
        path: 'failed-notices',
        lazy: page(() => import('./ops/FailedNoticesPage.js').then((m) => m.FailedNoticesPage)),
      },
      {
        path: 'cancellation-requests',
        lazy: page(() =>
          import('./ops/CancellationRequests.js').then((m) => m.CancellationRequestsPage),
        ),
      },
      {
        path: 'refunds',
        lazy: page(() => import('./ops/RefundReviewPage.js').then((m) => m.RefundReviewPage)),
      },
      {
        path: 'after-sales',
        lazy: page(() => import('./ops/AfterSalesQueuePage.js').then((m) => m.AfterSalesQueuePage)),
      },
      {
        path: 'settings',
        lazy: page(() => import('./ops/SettingsPage.js').then((m) => m.SettingsPage)),
      },
      {
        path: 'search',
        lazy: page(() => import('./ops/OpsOrdersPage.js').then((m) => m.OpsOrdersPage)),
      },
      {
        path: 'search/:orderNo',
        lazy: page(() => import('./ops/OpsOrderDetailPage.js').then((m) => m.OpsOrderDetailPage)),
      },
      {
        path: 'audit',
        lazy: page(() => import('./ops/AuditLogPage.js').then((m) => m.AuditLogPage)),
      },
      // The dashboards bring ECharts: only this route's chunk has it.
      {
        path: 'dashboards',
        lazy: page(() => import('./ops/dashboards/DashboardPage.js').then((m) => m.default)),
      },
      {
        path: 'statements',
        lazy: page(() => import('./ops/StatementsPage.js').then((m) => m.StatementsPage)),
      },
      {
        path: 'coupons',
        lazy: page(() => import('./ops/coupons/CouponsPage.js').then((m) => m.CouponsPage)),
      },
      {
        path: 'support/chats',
        lazy: page(() => import('./ops/ChatQueuePage.js').then((m) => m.ChatQueuePage)),
      },
      {
        path: 'support/chats/:id',
        lazy: page(() => import('./ops/ChatWorkspacePage.js').then((m) => m.ChatWorkspacePage)),
      },
      {
        path: 'support/board',
        lazy: page(() => import('./ops/BoardQueuePage.js').then((m) => m.BoardQueuePage)),
      },
      notFound,
    ],
  },
];

export const router = createBrowserRouter(routes);
