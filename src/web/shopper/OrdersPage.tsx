// 我的订单: tabs with counts (tab in the URL), search, order cards, keyset 加载更多.
import { Button, Flex, Input, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { orderTab, type OrderTabName } from '../../contracts/index.js';
import { ORDER_TABS, TAB_LABELS } from '../../domain/order-status.js';
import { useOrderCounts, useOrders } from '../api/orders.js';
import { useRefunds } from '../api/refunds.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { OrderCard } from './OrderCard.js';

export function OrdersPage() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const [params, setParams] = useSearchParams();
  const parsed = orderTab.safeParse(params.get('tab') ?? 'all');
  const tab: OrderTabName = parsed.success ? parsed.data : 'all';
  const q = params.get('q')?.trim() ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const counts = useOrderCounts();
  const orders = useOrders(tab, q);
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  // 退款售后: each card lists its order's refunds (the newest 50 of the shopper's, one request).
  const afterSales = tab === 'after_sales';
  const refunds = useRefunds('', afterSales);
  const refundsOf = (orderNo: string) =>
    afterSales ? (refunds.data?.items ?? []).filter((r) => r.orderNo === orderNo) : undefined;

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
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('orders.title')}
        </Typography.Title>
        <Input.Search
          aria-label={t('orders.searchLabel')}
          placeholder={t('orders.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          allowClear
          maxLength={60}
          style={{ maxWidth: 360, flex: '1 1 220px' }}
        />
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key as OrderTabName })}
        style={{ background: '#fff', borderRadius: 8, paddingInline: 12, marginBottom: 0 }}
        tabBarStyle={{ marginBottom: 0 }}
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
                      color: count > 0 && key !== 'all' ? '#ff5000' : 'rgba(0,0,0,0.45)',
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
      {afterSales && (
        <LinkButton type="link" size="small" to="/after-sales" style={{ alignSelf: 'flex-end' }}>
          {t('afterSales.records')}
        </LinkButton>
      )}
      {orders.isError && <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />}
      {orders.isPending ? (
        <PageSkeleton rows={6} />
      ) : items.length === 0 && !orders.isError ? (
        <EmptyState description={q ? t('orders.emptySearch') : t('orders.empty')}>
          <LinkButton type="primary" to="/">
            {t('cart.goShopping')}
          </LinkButton>
        </EmptyState>
      ) : (
        <Flex vertical gap={12}>
          {items.map((o) => (
            <OrderCard key={o.orderNo} order={o} refunds={refundsOf(o.orderNo)} />
          ))}
        </Flex>
      )}
      {orders.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : (
        items.length > 0 && (
          <Typography.Text type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
            {t('common.noMore')}
          </Typography.Text>
        )
      )}
    </Flex>
  );
}
