// Merchant orders: status filter, search, table (cards on phone) with 备货 / 发货 / 已送达.
import { Button, Card, Flex, Grid, Input, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ORDER_STATUSES, STATUS_LABELS } from '../../domain/order-status.js';
import { merchantActionsOf, useMerchantOrders, type MerchantOrderRow } from '../api/merchant.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { Price } from '../ui/Price.js';
import { MerchantActions } from './MerchantActions.js';
import { RoleGate } from './StaffLayout.js';

const FILTERS = ['all', ...ORDER_STATUSES] as const;
type Filter = (typeof FILTERS)[number];

function ItemsCell({ row }: { row: MerchantOrderRow }) {
  const { pick } = useLocalized();
  return (
    <Flex vertical gap={2}>
      {row.lines.map((l) => (
        <Typography.Text key={l.id} ellipsis style={{ maxWidth: 280, fontSize: 13 }}>
          {pick(l.title, l.titleEn)} · {pick(l.variantName, l.variantNameEn)} × {l.qtyOrdered}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function OrdersList() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? 'all';
  const status: Filter = (FILTERS as readonly string[]).includes(raw) ? (raw as Filter) : 'all';
  const q = params.get('q')?.trim() ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const orders = useMerchantOrders(status, q);
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];

  const update = (next: { status?: Filter; q?: string }) => {
    const p = new URLSearchParams(params);
    const s = next.status ?? status;
    const text = next.q ?? q;
    if (s === 'all') p.delete('status');
    else p.set('status', s);
    if (text) p.set('q', text);
    else p.delete('q');
    setParams(p);
  };

  const columns: TableColumnsType<MerchantOrderRow> = [
    {
      title: t('staff.orderNo'),
      dataIndex: 'orderNo',
      render: (no: string) => (
        <Link to={`/staff/orders/${no}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {no}
        </Link>
      ),
    },
    {
      title: t('staff.createdAt'),
      dataIndex: 'createdAt',
      render: (at: string) => formatDateTime(at),
      width: 170,
    },
    { title: t('staff.items'), key: 'items', render: (_v, row) => <ItemsCell row={row} /> },
    {
      title: t('staff.amount'),
      key: 'amount',
      align: 'right',
      render: (_v, row) => <Price fen={row.payableFen} size="small" />,
    },
    {
      title: t('staff.status'),
      key: 'status',
      render: (_v, row) => <OrderStatusTag status={row.status} preparing={row.preparing} />,
    },
    {
      title: t('staff.actions'),
      key: 'actions',
      render: (_v, row) => (
        <MerchantActions orderNo={row.orderNo} actions={merchantActionsOf(row)} />
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('staff.orders')}
        </Typography.Title>
        <Input.Search
          aria-label={t('staff.searchLabel')}
          placeholder={t('staff.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          allowClear
          maxLength={60}
          style={{ maxWidth: 320, flex: '1 1 200px' }}
        />
      </Flex>
      <Tabs
        activeKey={status}
        onChange={(key) => update({ status: key as Filter })}
        tabBarStyle={{ marginBottom: 0 }}
        items={FILTERS.map((f) => ({
          key: f,
          label: f === 'all' ? t('common.all') : label(STATUS_LABELS[f]),
        }))}
      />
      {orders.isError && <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />}
      {phone ? (
        orders.isPending ? (
          <Card loading />
        ) : rows.length === 0 ? (
          <EmptyState description={t('staff.empty')} />
        ) : (
          rows.map((row) => (
            <Card key={row.orderNo} size="small">
              <Flex justify="space-between" align="center" gap={8}>
                <Link
                  to={`/staff/orders/${row.orderNo}`}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {row.orderNo}
                </Link>
                <OrderStatusTag status={row.status} preparing={row.preparing} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(row.createdAt)}
              </Typography.Text>
              <div style={{ margin: '6px 0' }}>
                <ItemsCell row={row} />
              </div>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Price fen={row.payableFen} size="small" />
                <MerchantActions orderNo={row.orderNo} actions={merchantActionsOf(row)} />
              </Flex>
            </Card>
          ))
        )
      ) : (
        <Table<MerchantOrderRow>
          rowKey="orderNo"
          columns={columns}
          dataSource={rows}
          loading={orders.isPending}
          pagination={false}
          size="middle"
          locale={{ emptyText: <EmptyState description={t('staff.empty')} /> }}
          scroll={{ x: 'max-content' }}
        />
      )}
      {orders.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

export function MerchantOrdersPage() {
  return (
    <RoleGate roles={['merchant']}>
      <OrdersList />
    </RoleGate>
  );
}
