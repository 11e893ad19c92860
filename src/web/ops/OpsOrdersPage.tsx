// 订单查询 (staff): find orders by number, shopper phone or email, product, status and days.
import { Button, Card, Col, Flex, Form, Input, Row, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { STATUS_LABELS } from '../../domain/order-status.js';
import { useStaffOrderSearch, type StaffOrderFilters, type StaffOrderRow } from '../api/ops.js';
import { ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { Price } from '../ui/Price.js';
import { RoleGate } from './StaffLayout.js';

type Values = Record<'orderNo' | 'phone' | 'email' | 'product' | 'status' | 'from' | 'to', string>;

function toFilters(v: Partial<Values>): StaffOrderFilters {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (val?.trim()) out[k] = val.trim();
  return out;
}

function OpsOrders() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<StaffOrderFilters | null>(null);
  const search = useStaffOrderSearch(filters ?? {}, filters !== null);
  const rows = search.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (r: StaffOrderRow) => void navigate(`/staff/search/${r.orderNo}`);

  const columns: TableColumnsType<StaffOrderRow> = [
    {
      title: t('ops.search.orderNo'),
      dataIndex: 'orderNo',
      width: 190,
      render: (no: string, r) => (
        <Link to={`/staff/search/${r.orderNo}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {no}
        </Link>
      ),
    },
    {
      title: t('ops.search.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: StaffOrderRow['status']) => (
        <OrderStatusTag status={s as keyof typeof STATUS_LABELS} />
      ),
    },
    { title: t('ops.search.product'), dataIndex: 'firstTitle', ellipsis: true },
    {
      title: t('ops.search.shopper'),
      key: 'shopper',
      width: 200,
      render: (_v, r) => (
        <Flex vertical>
          <span>{r.shopperName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.shopperMobile}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('ops.search.shop'), dataIndex: 'shopName', width: 140, ellipsis: true },
    {
      title: t('ops.search.amount'),
      dataIndex: 'payableFen',
      width: 110,
      render: (fen: number) => <Price fen={fen} size="small" />,
    },
    {
      title: t('ops.search.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('ops.search.title')}
      </Typography.Title>
      <Card size="small">
        <Form<Values> layout="vertical" onFinish={(v) => setFilters(toFilters(v))}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="orderNo" label={t('ops.search.orderNo')}>
                <Input allowClear maxLength={18} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="phone"
                label={t('ops.search.phone')}
                rules={[{ pattern: /^1\d{10}$/, message: t('ops.search.phoneInvalid') }]}
              >
                <Input allowClear maxLength={11} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="email" label={t('ops.search.email')}>
                <Input allowClear type="email" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="product" label={t('ops.search.product')}>
                <Input allowClear maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item name="status" label={t('ops.search.status')}>
                <Select
                  allowClear
                  options={Object.entries(STATUS_LABELS).map(([value, l]) => ({
                    value,
                    label: label(l),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="from" label={t('ops.search.from')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="to" label={t('ops.search.to')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label=" ">
                <Button type="primary" htmlType="submit" block loading={search.isFetching}>
                  {t('common.search')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {search.isError && <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />}
      {filters !== null && (
        <Card size="small">
          <Table<StaffOrderRow>
            rowKey="orderNo"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={search.isPending}
            pagination={false}
            scroll={{ x: 900 }}
            onRow={(r) => ({ onDoubleClick: () => open(r) })}
            locale={{ emptyText: t('ops.search.empty') }}
          />
          {search.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 8 }}>
              <Button
                onClick={() => void search.fetchNextPage()}
                loading={search.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}

export function OpsOrdersPage() {
  return (
    <RoleGate roles={['operator', 'agent', 'merchant']}>
      <OpsOrders />
    </RoleGate>
  );
}
