// 我的订单: tabs with counts (tab in the URL), search, order cards, keyset 加载更多.
// Built without antd (lite/): it is the page a shopper opens first, and its first download
// must stay small (docs/benchmarks.md, web.ts).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { OrderTabName } from '../../contracts/index.js';
import { ORDER_TABS, TAB_LABELS } from '../../domain/order-status.js';
import { useOrderCounts, useOrders } from '../api/orders.js';
import { useRefunds } from '../api/refunds.js';
import { Button, LinkButton } from '../lite/Button.js';
import { ReloadIcon } from '../lite/icons.js';
import { TabBar, tabId } from '../lite/Tabs.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { SearchField } from '../ui/SearchField.js';
import { OrderCard } from './OrderCard.js';

export function OrdersPage() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const ids = useId();
  const panelId = `${ids}-panel`;
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: OrderTabName = ORDER_TABS.find((k) => k === asked) ?? 'all';
  const q = params.get('q')?.trim() ?? '';
  const counts = useOrderCounts();
  const orders = useOrders(tab, q);
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  // 退款售后: each card lists its order's refunds (the newest 50 of the shopper's, one request).
  const afterSales = tab === 'after_sales';
  const refunds = useRefunds('', afterSales);
  const refundsOf = (orderNo: string) =>
    afterSales ? (refunds.data?.items ?? []).filter((r) => r.orderNo === orderNo) : undefined;

  const refreshing = (orders.isFetching && !orders.isFetchingNextPage) || counts.isFetching;
  const refresh = () => {
    void counts.refetch();
    void orders.refetch();
    if (afterSales) void refunds.refetch();
  };

  const update = (next: { tab?: OrderTabName; q?: string }) => {
    const p = new URLSearchParams(params);
    const nextTab = next.tab ?? tab;
    const nextQ = next.q ?? q;
    if (nextTab === 'all') p.delete('tab');
    else p.set('tab', nextTab);
    if (nextQ) p.set('q', nextQ);
    else p.delete('q');
    setParams(p);
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <h4 className="lt-title">{t('orders.title')}</h4>
          <Button variant="text" icon={<ReloadIcon spin={refreshing} />} onClick={refresh}>
            {t('orders.refresh')}
          </Button>
        </div>
        <SearchField
          label={t('orders.searchLabel')}
          placeholder={t('orders.searchPlaceholder')}
          value={q}
          onSearch={(text) => update({ q: text })}
          style={{ maxWidth: 360, flex: '1 1 220px' }}
        />
      </div>
      <TabBar
        idBase={ids}
        panelId={panelId}
        active={tab}
        onChange={(key) => update({ tab: key })}
        items={ORDER_TABS.map((key) => {
          const count = counts.data?.[key];
          return {
            key,
            label: (
              <span>
                {label(TAB_LABELS[key])}
                {count !== undefined && (
                  <span
                    style={{
                      marginInlineStart: 4,
                      color: count > 0 && key !== 'all' ? '#c73c00' : 'rgba(0,0,0,0.6)',
                      fontSize: 12,
                    }}
                  >
                    {count}
                  </span>
                )}
              </span>
            ),
          };
        })}
      />
      <div
        id={panelId}
        role="tabpanel"
        aria-labelledby={tabId(ids, tab)}
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      >
        {afterSales && (
          <LinkButton
            variant="link"
            size="small"
            to="/after-sales"
            style={{ alignSelf: 'flex-end' }}
          >
            {t('afterSales.records')}
          </LinkButton>
        )}
        {orders.isError && (
          <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />
        )}
        {orders.isPending ? (
          <PageSkeleton rows={6} />
        ) : items.length === 0 && !orders.isError ? (
          <EmptyState description={q ? t('orders.emptySearch') : t('orders.empty')}>
            <LinkButton variant="primary" to="/">
              {t('cart.goShopping')}
            </LinkButton>
          </EmptyState>
        ) : (
          items.map((o) => <OrderCard key={o.orderNo} order={o} refunds={refundsOf(o.orderNo)} />)
        )}
        {orders.hasNextPage ? (
          <div style={{ display: 'flex', justifyContent: 'center' }}>
            <Button onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </div>
        ) : (
          items.length > 0 && (
            <span className="lt-muted lt-small" style={{ textAlign: 'center' }}>
              {t('common.noMore')}
            </span>
          )
        )}
      </div>
    </div>
  );
}
