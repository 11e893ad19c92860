// One order for staff: summary and lines, its timeline, its 审计记录, 下载争议材料包, and 补偿 /
// 线下退款 (StaffRefundActions; a merchant asks through their own console's routes).
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useUser } from '../api/session.js';
import {
  disputeBundleUrl,
  useAuditTrail,
  useStaffOrder,
  type StaffOrderDetail,
} from '../api/ops.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { Price } from '../ui/Price.js';
import { OrderTimeline } from '../ui/Timeline.js';
import { AuditTable } from './AuditTable.js';
import { RoleGate } from './StaffLayout.js';
import { StaffRefundActions } from './StaffRefundActions.js';

type Line = StaffOrderDetail['lines'][number];

function OrderAudit({ orderNo }: { orderNo: string }) {
  const trail = useAuditTrail({ orderNo });
  if (trail.isError) return <ErrorAlert error={trail.error} onRetry={() => void trail.refetch()} />;
  return (
    <AuditTable
      rows={trail.data?.pages.flatMap((p) => p.items) ?? []}
      loading={trail.isPending}
      showOrder={false}
      hasMore={trail.hasNextPage}
      onMore={() => void trail.fetchNextPage()}
      loadingMore={trail.isFetchingNextPage}
    />
  );
}

function Summary({ detail }: { detail: StaffOrderDetail }) {
  const { t } = useTranslation();
  const o = detail.order;
  const columns = [
    {
      title: t('ops.detail.product'),
      dataIndex: 'title',
      render: (v: string, l: Line) => `${v} · ${l.variantName}`,
    },
    {
      title: t('ops.detail.price'),
      dataIndex: 'unitPriceFen',
      width: 110,
      render: (f: number) => <Price fen={f} size="small" muted />,
    },
    { title: t('ops.detail.ordered'), dataIndex: 'qtyOrdered', width: 70 },
    { title: t('ops.detail.cancelled'), dataIndex: 'qtyCancelled', width: 70 },
    { title: t('ops.detail.shipped'), dataIndex: 'qtyShipped', width: 70 },
    {
      title: t('ops.detail.refunded'),
      dataIndex: 'refundedFen',
      width: 110,
      render: (f: number) => <Price fen={f} size="small" muted />,
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('ops.search.shopper')}>
          {o.shopperName} · {o.shopperMobile} · {o.shopperEmail}
        </Descriptions.Item>
        <Descriptions.Item label={t('ops.search.shop')}>{o.shopName}</Descriptions.Item>
        <Descriptions.Item label={t('ops.detail.receiver')}>
          {o.receiverName} · {o.receiverPhone}
        </Descriptions.Item>
        <Descriptions.Item label={t('ops.detail.address')}>{o.receiverAddress}</Descriptions.Item>
        <Descriptions.Item label={t('ops.detail.payable')}>
          <Price fen={o.payableFen} size="small" />
        </Descriptions.Item>
        <Descriptions.Item label={t('ops.detail.paid')}>
          <Price fen={o.paidFen} size="small" muted /> {o.paymentChannel ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('ops.search.createdAt')}>
          {formatDateTime(o.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('ops.detail.shipping')}>
          {[o.carrier, o.trackingNo].filter(Boolean).join(' ') || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Table<Line>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={detail.lines}
        pagination={false}
        scroll={{ x: 600 }}
      />
    </Flex>
  );
}

function OpsOrderDetail() {
  const { t } = useTranslation();
  const { orderNo = '' } = useParams();
  const order = useStaffOrder(orderNo);
  const user = useUser();
  if (order.isPending) return <PageSkeleton rows={8} />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  const d = order.data;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('ops.detail.title', { orderNo: d.order.orderNo })}
          </Typography.Title>
          <OrderStatusTag
            status={d.order.status as Parameters<typeof OrderStatusTag>[0]['status']}
          />
        </Flex>
        <Flex gap={8} wrap>
          <StaffRefundActions
            orderNo={d.order.orderNo}
            scope={user?.role === 'merchant' ? 'merchant' : 'ops'}
          />
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={disputeBundleUrl(d.order.orderNo, true)}
            download
          >
            {t('ops.bundle.download')}
          </Button>
        </Flex>
      </Flex>
      <Card size="small">
        <Tabs
          items={[
            { key: 'summary', label: t('ops.detail.summary'), children: <Summary detail={d} /> },
            {
              key: 'timeline',
              label: t('ops.detail.timeline'),
              children: <OrderTimeline entries={d.timeline} />,
            },
            {
              key: 'audit',
              label: t('ops.detail.audit'),
              children: <OrderAudit orderNo={d.order.orderNo} />,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

export function OpsOrderDetailPage() {
  return (
    <RoleGate roles={['operator', 'agent', 'merchant']}>
      <OpsOrderDetail />
    </RoleGate>
  );
}
