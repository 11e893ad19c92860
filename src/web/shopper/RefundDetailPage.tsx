// /refunds/:id 退款详情: the big status, amount, where the money goes, when it should arrive (or
// when it did), the refund's history with times and reasons. Late refunds offer 催一下 (asks the
// payment provider now; once a minute); failed ones explain why and take a new refund account,
// confirmed with the login password, after which the refund is reviewed again. Under review the
// shopper can give evidence (RefundEvidence). The page follows the refund until it is final.
import {
  ArrowLeftOutlined,
  CheckCircleFilled,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleFilled,
  SyncOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Timeline,
  Typography,
} from 'antd';
import type { DescriptionsProps } from 'antd';
import type { TFunction } from 'i18next';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RefundDetail } from '../../contracts/index.js';
import { ApiError, errorMessage } from '../api/client.js';
import {
  useChangeRefundDestination,
  useNudgeRefund,
  useRefund,
  type NewDestination,
} from '../api/refunds.js';
import { LinkButton } from '../ui/AppLink.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import {
  expectedArrivalText,
  failureText,
  goodwillReasonText,
  refundDestinationText,
  reviewReasonText,
} from '../ui/refund-text.js';
import { useNow } from '../ui/useNow.js';
import { RefundEvidence } from './RefundEvidence.js';
import { ContactSupportButton } from '../support/ContactSupportButton.js';

type Status = RefundDetail['status'];

const NUDGE_COOLDOWN_MS = 60_000;

const STATUS_LOOK: Record<Status, { color: string; icon: ReactNode }> = {
  pending_review: { color: '#d48806', icon: <ClockCircleOutlined /> },
  approved: { color: '#1677ff', icon: <CheckCircleOutlined /> },
  processing: { color: '#1677ff', icon: <SyncOutlined spin /> },
  succeeded: { color: '#389e0d', icon: <CheckCircleFilled /> },
  rejected: { color: 'rgba(0,0,0,0.6)', icon: <CloseCircleOutlined /> },
  failed: { color: '#cf1322', icon: <ExclamationCircleFilled /> },
};

/** The words under one history step: why it was reviewed, failed, rejected or re-routed. */
function stepReason(status: string, reason: string | null, t: TFunction): string {
  if (!reason) return '';
  if (reason === 'offline') return t('refund.offlineStep');
  if (status === 'failed') return failureText(reason, t);
  if (status === 'rejected') return t('refund.rejectedReason', { reason });
  if (status === 'pending_review' && (reason === 'balance' || reason === 'bank_account'))
    return t(`refund.newDestination.${reason}`);
  if (status === 'pending_review' || status === 'approved') {
    const reasons = reason
      .split(',')
      .filter(Boolean)
      .map((c) => reviewReasonText(c, t))
      .join(t('refund.reasonSep'));
    return reasons ? t('refund.reviewFor', { reasons }) : '';
  }
  return reason;
}

function providerStatusText(status: string | null, t: TFunction): string {
  return t(`refund.provider.${status ?? 'none'}`, { defaultValue: status ?? '' });
}

function History({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const steps = [
    ...refund.timeline.map((s, i) => ({
      key: `s${i}`,
      at: s.at,
      main: true,
      title: t(`refund.status.${s.status}`, { defaultValue: s.status }),
      detail: stepReason(s.status, s.reason, t),
      actor: s.actorRole,
      status: s.status,
    })),
    ...refund.queries.map((q, i) => ({
      key: `q${i}`,
      at: q.at,
      main: false,
      title: t('refund.nudgedEntry', { status: providerStatusText(q.providerStatus, t) }),
      detail: '',
      actor: q.actorRole,
      status: '',
    })),
  ].sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.main === b.main ? 0 : a.main ? -1 : 1),
  );
  return (
    <Card size="small" title={t('refund.history')}>
      <Timeline
        items={steps.map((s, i) => ({
          key: s.key,
          color: !s.main
            ? 'gray'
            : i === 0
              ? (STATUS_LOOK[s.status as Status]?.color ?? '#c73c00')
              : 'gray',
          content: (
            <div>
              <Typography.Text strong={s.main && i === 0} type={s.main ? undefined : 'secondary'}>
                {s.title}
              </Typography.Text>
              {s.detail && (
                <div>
                  <Typography.Text style={{ wordBreak: 'break-word' }}>{s.detail}</Typography.Text>
                </div>
              )}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(s.at)}
                  {s.actor ? ` · ${t(`timeline.actor.${s.actor}`, { defaultValue: s.actor })}` : ''}
                </Typography.Text>
              </div>
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** When this refund was last nudged from this browser: the button rests for a minute after. */
function useNudgedAt(id: number): [number | null, (at: number) => void] {
  const storageKey = `btp_nudge_${id}`;
  const [at, setAt] = useState<number | null>(() => {
    const v = Number(sessionStorage.getItem(storageKey));
    return Number.isFinite(v) && v > 0 ? v : null;
  });
  return [
    at,
    (next) => {
      sessionStorage.setItem(storageKey, String(next));
      setAt(next);
    },
  ];
}

function Nudge({ refund, onResult }: { refund: RefundDetail; onResult: (text: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const nudge = useNudgeRefund(refund.id);
  const [nudgedAt, setNudgedAt] = useNudgedAt(refund.id);
  const now = useNow();
  const wait = nudgedAt ? nudgedAt + NUDGE_COOLDOWN_MS - now : 0;
  const resting = wait > 0;

  const run = () =>
    nudge.mutate(undefined, {
      onSuccess: (detail) => {
        setNudgedAt(Date.now());
        const last = detail.queries[detail.queries.length - 1];
        onResult(
          t('refund.nudgeResult', { status: providerStatusText(last?.providerStatus ?? null, t) }),
        );
      },
      onError: (err) => {
        // Rate-limited or failed: rest anyway, the provider is asked often enough.
        if (err instanceof ApiError && err.status === 429) setNudgedAt(Date.now());
        void message.error(errorMessage(err));
      },
    });

  return (
    <Flex vertical align="center" gap={2}>
      <Button type="primary" onClick={run} loading={nudge.isPending} disabled={resting}>
        {t('refund.nudge')}
      </Button>
      {resting && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('refund.nudgeAgainIn', { count: Math.ceil(wait / 1000) })}
        </Typography.Text>
      )}
    </Flex>
  );
}

type DestinationForm = {
  type: 'balance' | 'bank_account';
  bank?: string;
  accountNo?: string;
  password: string;
};

function ChangeDestination({ refund, onDone }: { refund: RefundDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DestinationForm>();
  const type = Form.useWatch('type', form) ?? 'balance';
  const change = useChangeRefundDestination(refund.id);

  const submit = (v: DestinationForm) => {
    const destination: NewDestination =
      v.type === 'balance'
        ? { type: 'balance' }
        : { type: 'bank_account', bank: (v.bank ?? '').trim(), accountNo: v.accountNo ?? '' };
    change.mutate(
      { destination, password: v.password },
      {
        onSuccess: () => {
          void message.success(t('refund.changed'));
          onDone();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') {
            form.setFields([{ name: 'password', value: '', errors: [t('refund.passwordWrong')] }]);
            return;
          }
          void message.error(errorMessage(err));
        },
      },
    );
  };

  return (
    <Card size="small" title={t('refund.changeTitle')} id="change-destination">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('refund.changeNote')}
      </Typography.Paragraph>
      <Form<DestinationForm>
        form={form}
        layout="vertical"
        initialValues={{ type: 'balance' }}
        onFinish={submit}
        style={{ maxWidth: 420 }}
        requiredMark={false}
      >
        <Form.Item name="type" label={t('refund.changeTo')}>
          <Radio.Group
            options={[
              { value: 'balance', label: t('refund.toBalanceOption') },
              { value: 'bank_account', label: t('refund.toBankOption') },
            ]}
          />
        </Form.Item>
        {type === 'bank_account' && (
          <>
            <Form.Item
              name="bank"
              label={t('refund.bank')}
              rules={[
                { required: true, whitespace: true, message: t('refund.bankRequired') },
                { min: 2, max: 40, message: t('refund.bankRequired') },
              ]}
            >
              <Input placeholder={t('refund.bankPlaceholder')} maxLength={40} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="accountNo"
              label={t('refund.accountNo')}
              normalize={(v: string) => v.replace(/\s+/g, '')}
              rules={[
                { required: true, message: t('refund.accountNoInvalid') },
                { pattern: /^\d{8,30}$/, message: t('refund.accountNoInvalid') },
              ]}
            >
              <Input
                placeholder={t('refund.accountNoPlaceholder')}
                inputMode="numeric"
                maxLength={30}
                autoComplete="off"
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="password"
          label={t('refund.password')}
          rules={[{ required: true, message: t('refund.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('refund.confirmChange')}
        </Button>
      </Form>
    </Card>
  );
}

function Detail({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const [nudgeResult, setNudgeResult] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);
  const look = STATUS_LOOK[refund.status];
  const done = refund.status === 'succeeded' || refund.status === 'rejected';
  const rejection = [...refund.timeline].reverse().find((s) => s.status === 'rejected');

  const offline = refund.source === 'offline';
  const method = t(`refund.offlineMethod.${refund.offlineMethod ?? 'cash'}`);
  const goodwillReason = goodwillReasonText(refund.reasonCode, en);
  const rows: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'source',
      label: t('refund.sourceLabel'),
      children: t(`refund.source.${refund.source}`),
    },
  ];
  if (refund.source === 'goodwill' && goodwillReason)
    rows.push({
      key: 'reason',
      label: t('refund.goodwillReason'),
      children: goodwillReason,
    });
  if (offline)
    // Money returned outside the provider: how, and the staff's reference for it.
    rows.push(
      { key: 'method', label: t('refund.offlineMethodLabel'), children: method },
      {
        key: 'reference',
        label: t('refund.offlineReference'),
        children: refund.offlineReference ?? '—',
      },
    );
  else
    rows.push({
      key: 'destination',
      label: t('refund.destination'),
      children: refundDestinationText(refund, t),
    });
  if (refund.status === 'succeeded' && refund.arrivedAt) {
    rows.push({
      key: 'arrived',
      label: t('refund.arrivedAt'),
      children: formatDateTime(refund.arrivedAt),
    });
  } else if (!done) {
    rows.push({
      key: 'expected',
      label: t('refund.expected'),
      children: expectedArrivalText(refund.expectedEarliest, refund.expectedLatest, t),
    });
  }
  rows.push(
    { key: 'created', label: t('refund.createdAt'), children: formatDateTime(refund.createdAt) },
    {
      key: 'order',
      label: t('refund.orderNo'),
      children: (
        <Link to={`/orders/${refund.orderNo}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {refund.orderNo}
        </Link>
      ),
    },
  );

  const openChange = () => {
    setChanging(true);
    requestAnimationFrame(() =>
      formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
    );
  };

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Flex vertical gap={12}>
          <Card size="small">
            <Flex vertical gap={12}>
              <Flex align="center" justify="space-between" gap={12} wrap>
                <Flex align="center" gap={10} style={{ minWidth: 0 }}>
                  <span style={{ color: look.color, fontSize: 28, lineHeight: 1 }} aria-hidden>
                    {look.icon}
                  </span>
                  <Flex vertical gap={0}>
                    <Typography.Title
                      level={3}
                      style={{ margin: 0, color: look.color }}
                      data-testid="refund-status"
                    >
                      {t(`refund.status.${refund.status}`)}
                    </Typography.Title>
                    <Typography.Text type="secondary">
                      {offline && refund.status === 'succeeded'
                        ? t('refund.offlineStatusNote')
                        : t(`refund.statusNote.${refund.status}`)}
                    </Typography.Text>
                  </Flex>
                </Flex>
                <Flex vertical align="end" style={{ marginInlineStart: 'auto' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('refund.amount')}
                  </Typography.Text>
                  <Price fen={refund.amountFen} size="large" />
                </Flex>
              </Flex>
              <Descriptions
                column={1}
                size="small"
                items={rows}
                styles={{ label: { width: en ? 104 : 84, color: 'rgba(0,0,0,0.6)' } }}
              />
            </Flex>
          </Card>
          {nudgeResult && (
            <Alert
              type="info"
              showIcon
              role="status"
              title={nudgeResult}
              closable={{ onClose: () => setNudgeResult(null) }}
            />
          )}
          {refund.overdue && refund.status !== 'failed' && (
            <Alert
              type="warning"
              showIcon
              title={t('refund.overdueTitle')}
              description={t('refund.overdueHelp')}
              action={<Nudge refund={refund} onResult={setNudgeResult} />}
            />
          )}
          {offline && <Alert type="info" showIcon title={t('refund.offlineNote', { method })} />}
          {(refund.source === 'goodwill' || refund.source === 'price_protection') && (
            <Alert type="info" showIcon title={t(`refund.sourceNote.${refund.source}`)} />
          )}
          {refund.origin !== 'ours' && (
            <Alert type="info" showIcon title={t(`refund.origin.${refund.origin}`)} />
          )}
          {refund.status === 'pending_review' && refund.reviewReasons.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('refund.reviewFor', {
                reasons: refund.reviewReasons
                  .map((c) => reviewReasonText(c, t))
                  .join(t('refund.reasonSep')),
              })}
            />
          )}
          <RefundEvidence refund={refund} />
          {refund.status === 'rejected' && (
            <Alert
              type="error"
              showIcon
              title={t('refund.rejectedTitle')}
              description={
                rejection?.reason ? t('refund.rejectedReason', { reason: rejection.reason }) : null
              }
            />
          )}
          {refund.status === 'failed' && (
            <Alert
              type="error"
              showIcon
              title={t('refund.failedTitle', { reason: failureText(refund.failureReason, t) })}
              description={t('refund.failedHelp')}
              action={
                !changing ? (
                  <Button danger onClick={openChange}>
                    {t('refund.change')}
                  </Button>
                ) : undefined
              }
              style={{ flexWrap: 'wrap', rowGap: 8 }}
            />
          )}
          {refund.status === 'failed' && changing && (
            <div ref={formRef}>
              <ChangeDestination refund={refund} onDone={() => setChanging(false)} />
            </div>
          )}
        </Flex>
      </Col>
      <Col xs={24} lg={10}>
        <History refund={refund} />
      </Col>
    </Row>
  );
}

export function RefundDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const refund = useRefund(id);
  const valid = Number.isInteger(id) && id > 0;
  const notFound =
    !valid || (refund.error instanceof ApiError && refund.error.status === 404) || false;

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8} wrap>
        <LinkButton
          type="text"
          icon={<ArrowLeftOutlined />}
          to={refund.data ? `/orders/${refund.data.orderNo}` : '/orders'}
        >
          {refund.data ? t('refund.backToOrder') : t('header.orders')}
        </LinkButton>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('refund.title')}
        </Typography.Title>
        {refund.data && <ContactSupportButton orderNo={refund.data.orderNo} />}
      </Flex>
      {notFound ? (
        <Card>
          <Result status="404" title={t('refund.notFound')} />
        </Card>
      ) : refund.isPending ? (
        <PageSkeleton rows={8} />
      ) : refund.isError ? (
        <ErrorAlert error={refund.error} onRetry={() => void refund.refetch()} />
      ) : (
        <Detail refund={refund.data} />
      )}
    </Flex>
  );
}
