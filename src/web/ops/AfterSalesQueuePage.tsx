// 售后处理 (/staff/after-sales) for merchants: tabs 待处理 / 待寄回 / 待收货确认 / 已完成 / 已拒绝
// (tab in the URL). Each case shows its order number, 仅退款 / 退货退款, the items, the reason and,
// for returns, the shopper's parcel. 同意 / 拒绝 (reason required) on pending cases, 确认收货 on
// returned ones. The same buttons sit on the merchant's order detail.
import { App, Button, Card, Flex, Form, Grid, Input, Modal, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { OrderDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import {
  useCaseOrderLines,
  useConfirmReturnReceived,
  useDecideAfterSales,
  useMerchantAfterSales,
  type AfterSalesCase,
  type AfterSalesStatus,
} from '../api/after-sales.js';
import { errorMessage } from '../api/client.js';
import { afterSalesReasonLabel, AfterSalesStatusTag } from '../ui/after-sales-text.js';
import { carrierLabel } from '../ui/carriers.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { RoleGate } from './StaffLayout.js';

const TABS: AfterSalesStatus[] = [
  'pending_review',
  'awaiting_return',
  'returned',
  'completed',
  'rejected',
];

type Lines = OrderDetail['lines'] | undefined;

/** 同意 / 拒绝 for a pending case; 确认收货 for a returned one; nothing otherwise. */
export function AfterSalesActions({ c }: { c: AfterSalesCase }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const decide = useDecideAfterSales();
  const received = useConfirmReturnReceived();
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const busy = decide.isPending || received.isPending;

  if (c.status === 'returned') {
    const confirm = () =>
      modal.confirm({
        title: t('afterSales.staff.receivedTitle', { orderNo: c.orderNo }),
        content: t('afterSales.staff.receivedBody'),
        okText: t('afterSales.staff.confirmReceived'),
        cancelText: t('common.cancel'),
        onOk: () =>
          received.mutateAsync(c.id).then(
            () => void message.success(t('afterSales.staff.receivedDone')),
            (err: unknown) => void message.error(errorMessage(err)),
          ),
      });
    return (
      <Button type="primary" size="small" onClick={confirm} loading={received.isPending}>
        {t('afterSales.staff.confirmReceived')}
      </Button>
    );
  }
  if (c.status !== 'pending_review') return null;

  const approve = () =>
    modal.confirm({
      title: t('afterSales.staff.approveTitle', { orderNo: c.orderNo }),
      content: t(`afterSales.staff.approveBody.${c.kind}`),
      okText: t('afterSales.staff.approve'),
      cancelText: t('common.cancel'),
      onOk: () =>
        decide.mutateAsync({ id: c.id, decision: 'approve' }).then(
          () =>
            void message.success(
              t(
                c.kind === 'refund_only'
                  ? 'afterSales.staff.approvedRefund'
                  : 'afterSales.staff.approvedReturn',
              ),
            ),
          (err: unknown) => void message.error(errorMessage(err)),
        ),
    });

  const reject = async () => {
    const { reason } = await form.validateFields();
    try {
      await decide.mutateAsync({ id: c.id, decision: 'reject', reason: reason.trim() });
      void message.success(t('afterSales.staff.rejected'));
      setRejecting(false);
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <Flex gap={8} wrap>
        <Button type="primary" size="small" onClick={approve} disabled={busy}>
          {t('afterSales.staff.approve')}
        </Button>
        <Button danger size="small" onClick={() => setRejecting(true)} disabled={busy}>
          {t('afterSales.staff.reject')}
        </Button>
      </Flex>
      <Modal
        open={rejecting}
        title={t('afterSales.staff.rejectTitle')}
        okText={t('afterSales.staff.confirmReject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={decide.isPending}
        onOk={() => void reject().catch(() => undefined)}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        <Typography.Paragraph type="secondary">
          {t('staff.rejectFor', { orderNo: c.orderNo })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('staff.rejectReason')}
            extra={t('staff.rejectReasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('staff.rejectReasonRequired') }]}
          >
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ItemsCell({ c, lines }: { c: AfterSalesCase; lines: Lines }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  return (
    <Flex vertical gap={2}>
      {c.selection.map((s) => {
        const l = lines?.find((x) => x.id === s.lineId);
        return (
          <Typography.Text key={s.lineId} style={{ fontSize: 13 }}>
            {l ? pick(l.title, l.titleEn) : `#${s.lineId}`}
            {l && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                （{pick(l.variantName, l.variantNameEn)}）
              </Typography.Text>
            )}{' '}
            {t('common.times', { count: s.quantity })}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}

function ReasonCell({ c }: { c: AfterSalesCase }) {
  const { en } = useLocalized();
  return (
    <Flex vertical gap={2}>
      <Typography.Text>{afterSalesReasonLabel(c.reasonCode, en)}</Typography.Text>
      {c.reasonText && (
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
          “{c.reasonText}”
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The return parcel, the refund, or the rejection: whatever this case's state has. */
function ProgressCell({ c }: { c: AfterSalesCase }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const parts: ReactNode[] = [];
  if (c.returnTrackingNo) {
    parts.push(
      <Typography.Text key="ship" copyable={{ text: c.returnTrackingNo }} style={{ fontSize: 13 }}>
        {carrierLabel(c.returnCarrier ?? '', en)} {c.returnTrackingNo}
      </Typography.Text>,
    );
  } else if (c.kind === 'return_refund' && c.status === 'awaiting_return') {
    parts.push(
      <Typography.Text key="wait" type="secondary" style={{ fontSize: 13 }}>
        {t('afterSales.staff.waitingParcel')}
      </Typography.Text>,
    );
  }
  if (c.status === 'completed' && c.refundFen !== null) {
    parts.push(
      <Typography.Text key="refund" style={{ fontSize: 13 }}>
        {t('afterSales.refunded', { amount: formatYuan(c.refundFen) })}
      </Typography.Text>,
    );
  }
  if (c.status === 'rejected' && c.decisionReason) {
    parts.push(
      <Typography.Text key="rej" type="secondary" style={{ fontSize: 13 }}>
        {t('afterSales.rejectedReason', { reason: c.decisionReason })}
      </Typography.Text>,
    );
  }
  if (parts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {parts}
    </Flex>
  );
}

function OrderLink({ orderNo }: { orderNo: string }) {
  return (
    <Link
      to={`/staff/orders/${orderNo}`}
      style={{ fontVariantNumeric: 'tabular-nums', wordBreak: 'keep-all' }}
    >
      {orderNo}
    </Link>
  );
}

function CaseList({ tab }: { tab: AfterSalesStatus }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const list = useMerchantAfterSales(tab);
  const rows = list.data?.items ?? [];
  const lines = useCaseOrderLines(
    rows.map((c) => c.orderNo),
    'merchant',
  );
  const showProgress = tab !== 'pending_review';
  const showActions = tab === 'pending_review' || tab === 'returned';

  const columns: TableColumnsType<AfterSalesCase> = [
    {
      title: t('staff.orderNo'),
      dataIndex: 'orderNo',
      render: (no: string) => <OrderLink orderNo={no} />,
    },
    {
      title: t('afterSales.staff.kind'),
      dataIndex: 'kind',
      render: (k: AfterSalesCase['kind']) => t(`afterSales.kind.${k}`),
    },
    {
      title: t('staff.items'),
      key: 'items',
      render: (_v, c) => <ItemsCell c={c} lines={lines.get(c.orderNo)} />,
    },
    { title: t('afterSales.staff.reason'), key: 'reason', render: (_v, c) => <ReasonCell c={c} /> },
  ];
  if (showProgress) {
    columns.push({
      title: t('afterSales.staff.progress'),
      key: 'progress',
      render: (_v, c) => <ProgressCell c={c} />,
    });
  }
  columns.push({
    title: t('staff.requestedAt'),
    dataIndex: 'createdAt',
    width: 170,
    render: (at: string) => formatDateTime(at),
  });
  if (showActions) {
    columns.push({
      title: t('staff.actions'),
      key: 'actions',
      width: 150,
      render: (_v, c) => <AfterSalesActions c={c} />,
    });
  }

  let body: ReactNode;
  if (phone) {
    body = (
      <Flex vertical gap={8}>
        {list.isPending && <Card loading size="small" />}
        {list.isSuccess && rows.length === 0 && (
          <EmptyState description={t('afterSales.staff.empty')} />
        )}
        {rows.map((c) => (
          <Card key={c.id} size="small">
            <Flex vertical gap={6}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <OrderLink orderNo={c.orderNo} />
                <Flex gap={6} align="center">
                  <Typography.Text strong>{t(`afterSales.kind.${c.kind}`)}</Typography.Text>
                  <AfterSalesStatusTag status={c.status} />
                </Flex>
              </Flex>
              <ItemsCell c={c} lines={lines.get(c.orderNo)} />
              <ReasonCell c={c} />
              {showProgress && <ProgressCell c={c} />}
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('staff.requestedAt')}：{formatDateTime(c.createdAt)}
                </Typography.Text>
                {showActions && <AfterSalesActions c={c} />}
              </Flex>
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  } else {
    body = (
      <Table
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState description={t('afterSales.staff.empty')} /> }}
      />
    );
  }
  return (
    <Flex vertical gap={8}>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {body}
    </Flex>
  );
}

function Queue() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab') ?? '';
  const tab: AfterSalesStatus = (TABS as string[]).includes(raw)
    ? (raw as AfterSalesStatus)
    : 'pending_review';
  // Counts on the tabs that need the merchant: 待处理 and 待收货确认.
  const pending = useMerchantAfterSales('pending_review');
  const returned = useMerchantAfterSales('returned');
  const count = (key: AfterSalesStatus) =>
    key === 'pending_review'
      ? pending.data?.items.length
      : key === 'returned'
        ? returned.data?.items.length
        : undefined;
  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('afterSales.staff.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('afterSales.staff.note')}</Typography.Text>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const p = new URLSearchParams(params);
          if (key === 'pending_review') p.delete('tab');
          else p.set('tab', key);
          setParams(p, { replace: true });
        }}
        items={TABS.map((key) => {
          const n = count(key);
          return {
            key,
            label: (
              <span>
                {t(`afterSales.staff.tabs.${key}`)}
                {n !== undefined && n > 0 && (
                  <span style={{ marginInlineStart: 4, color: '#ff5000', fontSize: 12 }}>{n}</span>
                )}
              </span>
            ),
          };
        })}
        style={{ marginBottom: 0 }}
      />
      <CaseList key={tab} tab={tab} />
    </Flex>
  );
}

export function AfterSalesQueuePage() {
  return (
    <RoleGate roles={['merchant']}>
      <Queue />
    </RoleGate>
  );
}

/** On the merchant's order detail: the order's open case with its actions, if any. */
export function MerchantOrderAfterSales({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const possible = order.status === 'shipped' || order.status === 'completed';
  const pending = useMerchantAfterSales('pending_review', possible);
  const awaiting = useMerchantAfterSales('awaiting_return', possible);
  const returned = useMerchantAfterSales('returned', possible);
  const c = [pending, awaiting, returned]
    .flatMap((q) => q.data?.items ?? [])
    .find((x) => x.orderNo === order.orderNo);
  if (!possible || !c) return null;
  return (
    <Card
      size="small"
      title={
        <Flex align="center" gap={8} wrap>
          <span>{t('afterSales.staff.orderCardTitle')}</span>
          <Typography.Text strong>{t(`afterSales.kind.${c.kind}`)}</Typography.Text>
          <AfterSalesStatusTag status={c.status} />
        </Flex>
      }
      style={{ borderColor: c.status === 'awaiting_return' ? undefined : '#ffd591' }}
    >
      <Flex vertical gap={8}>
        <ItemsCell c={c} lines={order.lines} />
        <ReasonCell c={c} />
        <ProgressCell c={c} />
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('staff.requestedAt')}：{formatDateTime(c.createdAt)}
          </Typography.Text>
          <AfterSalesActions c={c} />
        </Flex>
      </Flex>
    </Card>
  );
}
