// All routes. Shopper pages sit in the shop frame; the staff console under /staff.
import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { AfterSalesQueuePage } from './ops/AfterSalesQueuePage.js';
import { BoardQueuePage } from './ops/BoardQueuePage.js';
import { ChatQueuePage } from './ops/ChatQueuePage.js';
import { ChatWorkspacePage } from './ops/ChatWorkspacePage.js';
import { CancellationRequestsPage } from './ops/CancellationRequests.js';
import { FailedNoticesPage } from './ops/FailedNoticesPage.js';
import { MailboxPage } from './ops/MailboxPage.js';
import { MerchantOrderDetailPage } from './ops/MerchantOrderDetailPage.js';
import { MerchantOrdersPage } from './ops/MerchantOrdersPage.js';
import { RefundReviewPage } from './ops/RefundReviewPage.js';
import { AuditLogPage } from './ops/AuditLogPage.js';
import { OpsOrderDetailPage } from './ops/OpsOrderDetailPage.js';
import { OpsOrdersPage } from './ops/OpsOrdersPage.js';
import { SettingsPage } from './ops/SettingsPage.js';
import { StaffIndex, StaffLayout } from './ops/StaffLayout.js';
import { AccountPage } from './shopper/AccountPage.js';
import { AfterSalesListPage } from './shopper/AfterSalesListPage.js';
import { BoardPage } from './shopper/BoardPage.js';
import { ChatPage } from './shopper/ChatPage.js';
import { ContactPage } from './shopper/ContactPage.js';
import { CancelResultPage } from './shopper/CancelResultPage.js';
import { CartPage } from './shopper/CartPage.js';
import { CheckoutPage } from './shopper/CheckoutPage.js';
import { ForgotPasswordPage } from './shopper/ForgotPasswordPage.js';
import { HomePage } from './shopper/HomePage.js';
import { LoginPage } from './shopper/LoginPage.js';
import { MessagesPage } from './shopper/MessagesPage.js';
import { OrderDetailPage } from './shopper/OrderDetailPage.js';
import { OrdersPage } from './shopper/OrdersPage.js';
import { ProductPage } from './shopper/ProductPage.js';
import { RefundDetailPage } from './shopper/RefundDetailPage.js';
import { RegisterPage } from './shopper/RegisterPage.js';
import { RequireUser } from './ui/guards.js';
import { NotFound } from './ui/NotFound.js';
import { RouteError } from './ui/RouteError.js';
import { ShopLayout } from './ui/ShopLayout.js';
import { PageSkeleton } from './ui/feedback.js';

// The dashboards bring ECharts: their own chunk, loaded when opened.
const DashboardPage = lazy(() => import('./ops/dashboards/DashboardPage.js'));

const shopperOnly = (page: React.ReactNode) => (
  <RequireUser roles={['shopper']}>{page}</RequireUser>
);

export const router = createBrowserRouter([
  {
    path: '/',
    element: <ShopLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'products/:id', element: <ProductPage /> },
      { path: 'cart', element: shopperOnly(<CartPage />) },
      { path: 'checkout', element: shopperOnly(<CheckoutPage />) },
      { path: 'orders', element: shopperOnly(<OrdersPage />) },
      { path: 'orders/:orderNo', element: shopperOnly(<OrderDetailPage />) },
      { path: 'orders/:orderNo/cancelled', element: shopperOnly(<CancelResultPage />) },
      { path: 'refunds/:id', element: shopperOnly(<RefundDetailPage />) },
      { path: 'after-sales', element: shopperOnly(<AfterSalesListPage />) },
      { path: 'me', element: shopperOnly(<AccountPage />) },
      // 消息中心: any signed-in user has one (notices go to shoppers today).
      {
        path: 'messages',
        element: (
          <RequireUser>
            <MessagesPage />
          </RequireUser>
        ),
      },
      { path: 'contact', element: <ContactPage /> },
      { path: 'support/chat/:id', element: shopperOnly(<ChatPage />) },
      { path: 'support/messages', element: shopperOnly(<BoardPage />) },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
  {
    path: '/staff',
    element: <StaffLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <StaffIndex /> },
      { path: 'orders', element: <MerchantOrdersPage /> },
      { path: 'orders/:orderNo', element: <MerchantOrderDetailPage /> },
      { path: 'mailbox', element: <MailboxPage /> },
      { path: 'failed-notices', element: <FailedNoticesPage /> },
      { path: 'cancellation-requests', element: <CancellationRequestsPage /> },
      { path: 'refunds', element: <RefundReviewPage /> },
      { path: 'after-sales', element: <AfterSalesQueuePage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'search', element: <OpsOrdersPage /> },
      { path: 'search/:orderNo', element: <OpsOrderDetailPage /> },
      { path: 'audit', element: <AuditLogPage /> },
      {
        path: 'dashboards',
        element: (
          <Suspense fallback={<PageSkeleton rows={10} />}>
            <DashboardPage />
          </Suspense>
        ),
      },
      { path: 'support/chats', element: <ChatQueuePage /> },
      { path: 'support/chats/:id', element: <ChatWorkspacePage /> },
      { path: 'support/board', element: <BoardQueuePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
