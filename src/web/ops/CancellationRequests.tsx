// 取消申请 for merchants: the pending requests, soonest deadline first, with the chosen items, the
// reason, a live countdown (red under 2 hours) and 同意 / 拒绝 (拒绝 needs a reason the shopper
// will see). The same decision buttons sit on the merchant's order detail while a request waits.
import { Alert, App, Button, Card, Flex, Form, Grid, Input, Modal, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../contracts/index.js';
import {
  useDecideCancellation,
  useMerchantCancellationRequests,
  type MerchantCancellationRequest,
} from '../api/cancellation.js';
import { errorMessage } from '../api/client.js';
import { reasonLabel } from '../ui/cancel-reasons.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import { formatCountdown, useNow } from '../ui/useNow.js';
import { RoleGate } from './StaffLayout.js';

const URGENT_MS = 2 * 60 * 60 * 1000;

export function SlaCountdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = Date.parse(deadline) - now;
  const urgent = left < URGENT_MS;
  return (
    <Typography.Text
      strong={urgent}
      style={{ color: urgent ? '#cf1322' : undefined, fontVariantNumeric: 'tabular-nums' }}
    >
      {left > 0 ? t('staff.timeLeft', { left: formatCountdown(left) }) : t('staff.overdue')}
    </Typography.Text>
  );
}

type ChosenLine = MerchantCancellationRequest['lines'][number];
type RequestRef = { id: number; orderNo: string };

/** The reason's label (the shop's settings, from the server) and the shopper's own words. */
function ReasonText({ label, text }: { label: string; text: string | null }) {
  return (
    <Flex vertical gap={2}>
      <Typography.Text>{label}</Typography.Text>
      {text && (
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
          “{text}”
        </Typography.Text>
      )}
    </Flex>
  );
}

/** 整单取消 / 部分取消（n 件）, then the chosen items: title（option）× quantity. */
function ScopeText({
  whole,
  lines,
}: {
  whole: boolean;
  lines: Pick<ChosenLine, 'lineId' | 'title' | 'titleEn' | 'variantName' | 'quantity'>[];
}) {
  const { t } = useTranslation();
  const { pick, en } = useLocalized();
  const units = lines.reduce((n, s) => n + s.quantity, 0);
  return (
    <Flex vertical gap={2}>
      <Typography.Text>
        {whole ? t('staff.wholeOrder') : t('staff.partialUnits', { count: units })}
      </Typography.Text>
      {lines.length > 0 && (
        <ul
          aria-label={t('staff.chosenItems')}
          style={{ margin: 0, paddingInlineStart: 16, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}
        >
          {lines.map((l) => (
            <li key={l.lineId} style={{ wordBreak: 'break-word' }}>
              {pick(l.title, l.titleEn)}
              {l.variantName ? (en ? ` (${l.variantName})` : `（${l.variantName}）`) : ''} ×{' '}
              {l.quantity}
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}

/** 同意 / 拒绝 for one request. */
export function DecisionButtons({
  request,
  size = 'small',
}: {
  request: RequestRef;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const decide = useDecideCancellation();
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const approve = () =>
    modal.confirm({
      title: t('staff.approveTitle', { orderNo: request.orderNo }),
      content: t('staff.approveBody'),
      okText: t('staff.approve'),
      cancelText: t('common.cancel'),
      onOk: () =>
        decide.mutateAsync({ id: request.id, decision: 'approve' }).then(
          () => void message.success(t('staff.approved')),
          (err: unknown) => void message.error(errorMessage(err)),
        ),
    });

  const reject = async () => {
    const { reason } = await form.validateFields();
    try {
      await decide.mutateAsync({ id: request.id, decision: 'reject', reason: reason.trim() });
      void message.success(t('staff.rejected'));
      setRejecting(false);
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <Flex gap={8} wrap>
        <Button type="primary" size={size} onClick={approve} disabled={decide.isPending}>
          {t('staff.approve')}
        </Button>
        <Button danger size={size} onClick={() => setRejecting(true)} disabled={decide.isPending}>
          {t('staff.reject')}
        </Button>
      </Flex>
      <Modal
        open={rejecting}
        title={t('staff.rejectTitle')}
        okText={t('staff.confirmReject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={decide.isPending}
        onOk={() => void reject().catch(() => undefined)}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        <Typography.Paragraph type="secondary">
          {t('staff.rejectFor', { orderNo: request.orderNo })}
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

/** On the merchant's order detail: the latest 申请取消 while it waits, or its rejection. */
export function PendingRequestCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const request = order.cancellationRequest;
  if (!request) return null;
  const reason = reasonLabel(request.reasonCode, en);
  if (request.status === 'rejected') {
    if (order.status === 'cancelled') return null;
    return (
      <Alert
        type="info"
        showIcon
        title={t('staff.requestRejectedTitle')}
        description={t('staff.requestRejectedReason', { reason: request.decisionReason ?? '' })}
      />
    );
  }
  if (request.status !== 'pending') return null;
  const lines = request.selection.map((s) => {
    const line = order.lines.find((l) => l.id === s.lineId);
    return {
      lineId: s.lineId,
      title: line?.title ?? '',
      titleEn: line?.titleEn ?? '',
      variantName: line ? (en ? line.variantNameEn || line.variantName : line.variantName) : '',
      quantity: s.quantity,
    };
  });
  return (
    <Alert
      type="warning"
      showIcon
      title={t('staff.pendingRequestTitle')}
      description={
        <Flex vertical gap={6}>
          <Flex gap={4} wrap>
            <span>{t('staff.reason')}：</span>
            <ReasonText label={reason} text={request.reasonText} />
          </Flex>
          <Flex gap={4} wrap>
            <span>{t('staff.scope')}：</span>
            <ScopeText whole={request.whole} lines={lines} />
          </Flex>
          <span>
            {t('staff.deadline')}：{formatDateTime(request.slaDeadline)} ·{' '}
            <SlaCountdown deadline={request.slaDeadline} />
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('staff.autoApproveNote')}
          </Typography.Text>
          <DecisionButtons request={{ id: request.id, orderNo: order.orderNo }} size="middle" />
        </Flex>
      }
    />
  );
}

function RequestsList() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const requests = useMerchantCancellationRequests();
  const rows = requests.data?.items ?? [];

  const columns: TableColumnsType<MerchantCancellationRequest> = [
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
      title: t('staff.amount'),
      key: 'amount',
      align: 'right',
      render: (_v, row) => <Price fen={row.payableFen} size="small" />,
    },
    {
      title: t('staff.scope'),
      key: 'scope',
      render: (_v, row) => <ScopeText whole={row.whole} lines={row.lines} />,
    },
    {
      title: t('staff.reason'),
      key: 'reason',
      render: (_v, row) => <ReasonText label={label(row.reasonLabel)} text={row.reasonText} />,
    },
    {
      title: t('staff.requestedAt'),
      dataIndex: 'requestedAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('staff.deadline'),
      key: 'deadline',
      width: 150,
      render: (_v, row) => <SlaCountdown deadline={row.slaDeadline} />,
    },
    {
      title: t('staff.actions'),
      key: 'actions',
      render: (_v, row) => <DecisionButtons request={row} />,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('staff.cancellations')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('staff.cancellationsNote')}</Typography.Text>
      </Flex>
      {requests.isError && (
        <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />
      )}
      {phone ? (
        <Flex vertical gap={8}>
          {requests.isPending && <Card loading size="small" />}
          {!requests.isPending && rows.length === 0 && (
            <EmptyState description={t('staff.noRequests')} />
          )}
          {rows.map((row) => (
            <Card key={row.id} size="small">
              <Flex vertical gap={6}>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <Link
                    to={`/staff/orders/${row.orderNo}`}
                    style={{ fontVariantNumeric: 'tabular-nums' }}
                  >
                    {row.orderNo}
                  </Link>
                  <Price fen={row.payableFen} size="small" />
                </Flex>
                <ScopeText whole={row.whole} lines={row.lines} />
                <ReasonText label={label(row.reasonLabel)} text={row.reasonText} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('staff.requestedAt')}：{formatDateTime(row.requestedAt)}
                </Typography.Text>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <SlaCountdown deadline={row.slaDeadline} />
                  <DecisionButtons request={row} />
                </Flex>
              </Flex>
            </Card>
          ))}
        </Flex>
      ) : (
        <Table
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={requests.isPending}
          pagination={false}
          size="middle"
          locale={{ emptyText: <EmptyState description={t('staff.noRequests')} /> }}
        />
      )}
    </Flex>
  );
}

export function CancellationRequestsPage() {
  return (
    <RoleGate roles={['merchant']}>
      <RequestsList />
    </RoleGate>
  );
}
