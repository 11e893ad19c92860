// 退款审核 (/staff/refunds): operators see every shop's refunds, merchants their own shop's.
// Tabs 待审核 / 退款失败 / 退款中 (tab in the URL); rows with order number, amount, channel, why
// the refund is reviewed (金额超过审核线 / 账户信誉 / 商品政策) or why it failed, created time;
// 通过 / 驳回 on refunds under review (驳回 needs a reason the shopper will see), and 凭证: the
// shopper's evidence, where staff can also ask for more.
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import {
  useDecideRefund,
  useStaffRefunds,
  type RefundReviewer,
  type StaffRefundTab,
} from '../api/refunds.js';
import { useUser } from '../api/session.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import {
  expectedArrivalText,
  failureText,
  goodwillReasonText,
  refundDestinationText,
  RefundStatusTag,
  reviewReasonText,
} from '../ui/refund-text.js';
import { RefundEvidenceButton } from './RefundEvidenceButton.js';
import { StaffPayoutButton } from './StaffPayoutButton.js';
import { RoleGate } from './StaffLayout.js';

const TABS = ['pending_review', 'failed', 'processing'] as const;
type Tab = (typeof TABS)[number];

const REASON_COLORS: Record<string, string> = {
  amount: 'orange',
  standing: 'volcano',
  policy: 'purple',
};

/** 通过 / 驳回 for one refund under review. */
function DecisionButtons({ refund, reviewer }: { refund: RefundDetail; reviewer: RefundReviewer }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const decide = useDecideRefund(reviewer);
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const amount = formatYuan(refund.amountFen);

  const approve = () =>
    modal.confirm({
      title: t('refundReview.approveTitle', { orderNo: refund.orderNo, amount }),
      content: t('refundReview.approveBody'),
      okText: t('refundReview.approve'),
      cancelText: t('common.cancel'),
      onOk: () =>
        decide.mutateAsync({ id: refund.id, decision: 'approve' }).then(
          () => void message.success(t('refundReview.approved')),
          (err: unknown) => void message.error(errorMessage(err)),
        ),
    });

  const reject = async () => {
    const { reason } = await form.validateFields();
    try {
      await decide.mutateAsync({ id: refund.id, decision: 'reject', reason: reason.trim() });
      void message.success(t('refundReview.rejected'));
      setRejecting(false);
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <Flex gap={8} wrap>
        <Button type="primary" size="small" onClick={approve} disabled={decide.isPending}>
          {t('refundReview.approve')}
        </Button>
        <Button danger size="small" onClick={() => setRejecting(true)} disabled={decide.isPending}>
          {t('refundReview.reject')}
        </Button>
        <RefundEvidenceButton refund={refund} />
      </Flex>
      <Modal
        open={rejecting}
        title={t('refundReview.rejectTitle')}
        okText={t('refundReview.confirmReject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        confirmLoading={decide.isPending}
        onOk={() => void reject().catch(() => undefined)}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        <Typography.Paragraph type="secondary">
          {t('refundReview.rejectFor', { orderNo: refund.orderNo, amount })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('refundReview.rejectReason')}
            extra={t('refundReview.rejectReasonHelp')}
            rules={[
              { required: true, whitespace: true, message: t('refundReview.rejectReasonRequired') },
            ]}
          >
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function OrderNoCell({ orderNo, linked }: { orderNo: string; linked: boolean }) {
  const style = { fontVariantNumeric: 'tabular-nums' as const, wordBreak: 'keep-all' as const };
  return linked ? (
    <Link to={`/staff/orders/${orderNo}`} style={style}>
      {orderNo}
    </Link>
  ) : (
    <Typography.Text copyable style={style}>
      {orderNo}
    </Typography.Text>
  );
}

function ChannelCell({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2}>
      <Typography.Text>
        {t(`channel.${refund.channel}`, { defaultValue: refund.channel })}
      </Typography.Text>
      {refund.destination.type !== 'original' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          → {refundDestinationText(refund, t)}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Why this row is here: review reasons, the failure, or when it should arrive. */
function WhyCell({ refund, tab }: { refund: RefundDetail; tab: Tab }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  if (tab === 'failed') {
    return (
      <Flex vertical gap={2}>
        <Typography.Text type="danger">{failureText(refund.failureReason, t)}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('refundReview.waitingShopper')}
        </Typography.Text>
      </Flex>
    );
  }
  if (tab === 'processing') {
    const staffPays = refund.paidByStaff && refund.status === 'processing';
    return (
      <Flex vertical gap={2} align="start">
        <Flex gap={6} wrap align="center">
          <RefundStatusTag status={refund.status} />
          {staffPays && <Tag color="orange">{t('refundReview.payout.tag')}</Tag>}
          {refund.overdue && <Tag color="red">{t('refundReview.overdue')}</Tag>}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {staffPays
            ? t('refundReview.payout.why')
            : expectedArrivalText(refund.expectedEarliest, refund.expectedLatest, t)}
        </Typography.Text>
      </Flex>
    );
  }
  const last = refund.timeline[refund.timeline.length - 1];
  const rerouted =
    last?.status === 'pending_review' &&
    (last.reason === 'balance' || last.reason === 'bank_account');
  // A 补偿 or 价保 under review says so (and why it was given): it is not a return of goods.
  const kind =
    refund.source === 'order'
      ? null
      : [t(`refund.source.${refund.source}`), goodwillReasonText(refund.reasonCode, en)]
          .filter(Boolean)
          .join(' · ');
  return (
    <Flex gap={4} wrap>
      {kind && (
        <Tag color="purple" style={{ marginInlineEnd: 0 }}>
          {kind}
        </Tag>
      )}
      {refund.reviewReasons.map((code) => (
        <Tag key={code} color={REASON_COLORS[code] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {reviewReasonText(code, t)}
        </Tag>
      ))}
      {rerouted && (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('refundReview.newDestination')}
        </Tag>
      )}
      {refund.evidenceRequest && (
        <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
          {t('evidence.staffRequested')}
        </Tag>
      )}
    </Flex>
  );
}

/** After the decision: the evidence, and 记录打款 for an operator when staff are to pay. */
function RowActions({ refund, reviewer }: { refund: RefundDetail; reviewer: RefundReviewer }) {
  const staffPays = reviewer === 'ops' && refund.paidByStaff && refund.status === 'processing';
  return (
    <Flex gap={8} wrap>
      {staffPays && <StaffPayoutButton refund={refund} />}
      <RefundEvidenceButton refund={refund} />
    </Flex>
  );
}

function useTabRows(reviewer: RefundReviewer, tab: Tab) {
  // 退款中 covers refunds approved and waiting for the worker as well as those at the provider.
  const main = useStaffRefunds(reviewer, tab);
  const approved = useStaffRefunds(
    reviewer,
    'approved' satisfies StaffRefundTab,
    tab === 'processing',
  );
  const rows =
    tab === 'processing'
      ? [...(approved.data?.items ?? []), ...(main.data?.items ?? [])].sort(
          (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
        )
      : (main.data?.items ?? []);
  return {
    rows,
    pending: main.isPending || (tab === 'processing' && approved.isPending),
    error: main.error ?? (tab === 'processing' ? approved.error : null),
    refetch: () => {
      void main.refetch();
      if (tab === 'processing') void approved.refetch();
    },
  };
}

function RefundList({ reviewer, tab }: { reviewer: RefundReviewer; tab: Tab }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const { rows, pending, error, refetch } = useTabRows(reviewer, tab);
  const linked = reviewer === 'merchant';
  const whyTitle =
    tab === 'failed'
      ? t('refundReview.failure')
      : tab === 'processing'
        ? t('refundReview.status')
        : t('refundReview.reasons');

  const columns: TableColumnsType<RefundDetail> = [
    {
      title: t('refundReview.orderNo'),
      dataIndex: 'orderNo',
      render: (no: string) => <OrderNoCell orderNo={no} linked={linked} />,
    },
    {
      title: t('refundReview.amount'),
      key: 'amount',
      align: 'right',
      render: (_v, row) => <Price fen={row.amountFen} size="small" />,
    },
    {
      title: t('refundReview.channel'),
      key: 'channel',
      render: (_v, row) => <ChannelCell refund={row} />,
    },
    { title: whyTitle, key: 'why', render: (_v, row) => <WhyCell refund={row} tab={tab} /> },
    {
      title: t('refundReview.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
  ];
  if (tab === 'pending_review') {
    columns.push({
      title: t('refundReview.actions'),
      key: 'actions',
      width: 230,
      render: (_v, row) => <DecisionButtons refund={row} reviewer={reviewer} />,
    });
  } else {
    // After the decision the evidence still explains it (support, disputes).
    columns.push({
      title: t('refundReview.actions'),
      key: 'actions',
      render: (_v, row) => <RowActions refund={row} reviewer={reviewer} />,
    });
  }

  let body: ReactNode;
  if (phone) {
    body = (
      <Flex vertical gap={8}>
        {pending && <Card loading size="small" />}
        {!pending && rows.length === 0 && <EmptyState description={t('refundReview.empty')} />}
        {rows.map((row) => (
          <Card key={row.id} size="small">
            <Flex vertical gap={6}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <OrderNoCell orderNo={row.orderNo} linked={linked} />
                <Price fen={row.amountFen} size="small" />
              </Flex>
              <ChannelCell refund={row} />
              <WhyCell refund={row} tab={tab} />
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('refundReview.createdAt')}：{formatDateTime(row.createdAt)}
                </Typography.Text>
                {tab === 'pending_review' ? (
                  <DecisionButtons refund={row} reviewer={reviewer} />
                ) : (
                  <RowActions refund={row} reviewer={reviewer} />
                )}
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
        loading={pending}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState description={t('refundReview.empty')} /> }}
      />
    );
  }

  return (
    <Flex vertical gap={8}>
      {error && <ErrorAlert error={error} onRetry={refetch} />}
      {body}
    </Flex>
  );
}

function Review() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '')
    ? (raw as Tab)
    : 'pending_review';
  const reviewer: RefundReviewer = user?.role === 'merchant' ? 'merchant' : 'ops';
  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('refundReview.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {reviewer === 'merchant' ? t('refundReview.noteMerchant') : t('refundReview.note')}
        </Typography.Text>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const p = new URLSearchParams(params);
          if (key === 'pending_review') p.delete('tab');
          else p.set('tab', key);
          setParams(p, { replace: true });
        }}
        items={TABS.map((key) => ({ key, label: t(`refundReview.tabs.${key}`) }))}
        style={{ marginBottom: 0 }}
      />
      <RefundList key={tab} reviewer={reviewer} tab={tab} />
    </Flex>
  );
}

export function RefundReviewPage() {
  return (
    <RoleGate roles={['operator', 'merchant']}>
      <Review />
    </RoleGate>
  );
}
