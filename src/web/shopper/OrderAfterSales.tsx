// The order detail's after-sales parts: 申请售后 while the server allows it (else why not), and
// the order's latest case: 待商家处理 / 商家已同意退货，请寄回 (with 提交退货物流) / 已寄回，待商家
// 确认收货 / 已完成 (退款 ¥x, linking to the refund) / 已拒绝 (the merchant's reason).
import { Alert, App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import {
  useAfterSalesOptions,
  useMyAfterSales,
  useSubmitReturn,
  type AfterSalesCase,
} from '../api/after-sales.js';
import { errorMessage } from '../api/client.js';
import { afterSalesReasonText, AfterSalesStatusTag } from '../ui/after-sales-text.js';
import { CARRIERS } from '../ui/carriers.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { useOffline } from '../offline/status.js';

// The dialog (with its upload and form controls) is fetched when first opened.
const AfterSalesDialog = lazy(() =>
  import('./AfterSalesDialog.js').then((m) => ({ default: m.AfterSalesDialog })),
);

/** Shipped (delivered or not) and completed orders can have after-sales. */
export function afterSalesPossible(order: OrderDetail): boolean {
  return order.status === 'shipped' || order.status === 'completed';
}

/** title（option）× n for each chosen line, joined. */
export function useCaseItems() {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  return (c: Pick<AfterSalesCase, 'selection'>, lines: OrderDetail['lines'] | undefined) =>
    c.selection
      .map((s) => {
        const l = lines?.find((x) => x.id === s.lineId);
        const title = l ? pick(l.title, l.titleEn) : `#${s.lineId}`;
        return t('timeline.lineQty', { title, count: s.quantity });
      })
      .join(t('timeline.listSep'));
}

/** The order's after-sales: the entry (button or reason) and its latest case. */
export function OrderAfterSales({ order }: { order: OrderDetail }) {
  const possible = afterSalesPossible(order);
  const options = useAfterSalesOptions(order.orderNo, possible);
  const cases = useMyAfterSales(possible);
  // Newest first from the server; the order's latest case is the one to show.
  const latest = cases.data?.items.find((c) => c.orderNo === order.orderNo) ?? null;
  const offline = useOffline();
  if (!possible) return null;
  return (
    <>
      {latest && <AfterSalesCaseCard order={order} c={latest} />}
      {options.data && !offline && (
        <AfterSalesEntry order={order} options={options.data} hasCase={latest !== null} />
      )}
    </>
  );
}

function AfterSalesEntry({
  order,
  options,
  hasCase,
}: {
  order: OrderDetail;
  options: NonNullable<ReturnType<typeof useAfterSalesOptions>['data']>;
  hasCase: boolean;
}) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const [open, setOpen] = useState(false);
  if (!options.allowed) {
    // An open case explains itself in its card.
    if (options.blockedBy === 'case_open' && hasCase) return null;
    return options.blockedText ? (
      <Alert
        type="info"
        showIcon
        title={t('afterSales.blockedTitle')}
        description={label(options.blockedText)}
      />
    ) : null;
  }
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('afterSales.availableTitle')}
        description={
          options.deadline
            ? t('afterSales.deadline', { time: formatDateTime(options.deadline) })
            : undefined
        }
        action={
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('afterSales.apply')}
          </Button>
        }
        style={{ alignItems: 'center' }}
      />
      {open && (
        <Suspense fallback={null}>
          <AfterSalesDialog order={order} options={options} onClosed={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

function ReturnForm({ c }: { c: AfterSalesCase }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const { message } = App.useApp();
  const submit = useSubmitReturn();
  const [form] = Form.useForm<{ carrier: string; trackingNo: string }>();
  const onFinish = async (v: { carrier: string; trackingNo: string }) => {
    try {
      await submit.mutateAsync({ id: c.id, carrier: v.carrier, trackingNo: v.trackingNo.trim() });
      void message.success(t('afterSales.returnSubmitted'));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void onFinish(v)}
      requiredMark
      style={{ marginTop: 4 }}
    >
      <Flex gap={12} wrap>
        <Form.Item
          name="carrier"
          label={t('afterSales.returnCarrier')}
          rules={[{ required: true, message: t('staff.carrierRequired') }]}
          style={{ flex: '1 1 180px', marginBottom: 8 }}
        >
          <Select
            placeholder={t('staff.carrierRequired')}
            options={CARRIERS.map((x) => ({ value: x.value, label: en ? x.en : x.value }))}
          />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('afterSales.returnTrackingNo')}
          rules={[
            {
              required: true,
              pattern: /^\s*[A-Za-z0-9-]{6,40}\s*$/,
              message: t('staff.trackingRequired'),
            },
          ]}
          style={{ flex: '1 1 220px', marginBottom: 8 }}
        >
          <Input maxLength={40} autoComplete="off" inputMode="text" />
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" loading={submit.isPending}>
        {t('afterSales.submitReturn')}
      </Button>
    </Form>
  );
}

export function AfterSalesCaseCard({ order, c }: { order: OrderDetail; c: AfterSalesCase }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const items = useCaseItems();
  const offline = useOffline();
  return (
    <Card
      size="small"
      title={
        <Flex align="center" gap={8} wrap>
          <span>{t('afterSales.cardTitle')}</span>
          <AfterSalesStatusTag status={c.status} />
        </Flex>
      }
      extra={
        <Link to="/after-sales" style={{ whiteSpace: 'nowrap' }}>
          {t('afterSales.records')}
        </Link>
      }
      role="region"
      aria-label={t('afterSales.cardTitle')}
    >
      <Flex vertical gap={8}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {t(`afterSales.statusNote.${c.status}`)}
        </Typography.Text>
        {c.status === 'rejected' && c.decisionReason && (
          <Typography.Text type="danger">
            {t('afterSales.rejectedReason', { reason: c.decisionReason })}
          </Typography.Text>
        )}
        {c.status === 'completed' && (
          <Flex align="center" gap={8} wrap>
            <Typography.Text>
              {t('afterSales.refunded', { amount: formatYuan(c.refundFen ?? 0) })}
            </Typography.Text>
            {c.refundId !== null && (
              <Link to={`/refunds/${c.refundId}`}>{t('detail.viewRefund')}</Link>
            )}
          </Flex>
        )}
        <Flex vertical gap={2} style={{ fontSize: 13 }}>
          <Typography.Text type="secondary">
            {t(`afterSales.kind.${c.kind}`)} · {items(c, order.lines)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('afterSales.reasonIs', { reason: afterSalesReasonText(c, t, en) })}
          </Typography.Text>
          {c.returnTrackingNo && (
            <Typography.Text type="secondary">
              {t('afterSales.returnShipment', {
                carrier: c.returnCarrier ?? '',
                trackingNo: c.returnTrackingNo,
              })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            {t('afterSales.createdAt', { time: formatDateTime(c.createdAt) })}
          </Typography.Text>
        </Flex>
        {c.status === 'awaiting_return' && !offline && <ReturnForm c={c} />}
      </Flex>
    </Card>
  );
}
