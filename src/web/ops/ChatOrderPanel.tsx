// Beside a chat, for the agent: the shopper's order (status, lines, timeline), its refunds, the
// audit trail with who did what, and the acts customer service may do for the shopper —
// 取消订单 and 提交退款审核 — through the same rules as the shopper's own buttons.
import { App, Button, Card, Flex, Form, Input, Modal, Radio, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderPanel } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import { useChatAction, useOrderPanel } from '../api/support.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { LinesCard, TimelineCard } from '../ui/OrderSections.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { RefundStatusTag } from '../ui/refund-text.js';

function CancelButton({ chatId, panel }: { chatId: number; panel: OrderPanel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { label } = useLocalized();
  const act = useChatAction(chatId, 'cancel');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reasonCode: string; reasonText?: string }>();
  return (
    <>
      <Button danger onClick={() => setOpen(true)} disabled={panel.order.status === 'cancelled'}>
        {t('support.staff.cancelOrder')}
      </Button>
      <Modal
        open={open}
        title={t('support.staff.cancelTitle', { orderNo: panel.order.orderNo })}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reasonCode: panel.cancelReasons[0]?.code }}
          onFinish={(v) =>
            act.mutate(
              { reasonCode: v.reasonCode, ...(v.reasonText ? { reasonText: v.reasonText } : {}) },
              {
                onSuccess: (r) => {
                  setOpen(false);
                  void message.success(
                    r.result === 'cancel_requested'
                      ? t('support.staff.cancelRequested')
                      : t('support.staff.cancelDone'),
                  );
                },
                onError: (err) => void message.error(errorMessage(err)),
              },
            )
          }
        >
          <Form.Item
            name="reasonCode"
            label={t('support.staff.cancelReason')}
            rules={[{ required: true }]}
          >
            <Select
              options={panel.cancelReasons.map((r) => ({
                value: r.code,
                label: label({ zh: r.zh, en: r.en }),
              }))}
            />
          </Form.Item>
          <Form.Item name="reasonText" label={t('support.staff.reasonText')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RefundButton({ chatId, panel }: { chatId: number; panel: OrderPanel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { label } = useLocalized();
  const act = useChatAction(chatId, 'refund');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ kind: string; reasonCode: string; reasonText?: string }>();
  const kind = Form.useWatch('kind', form) ?? 'refund_only';
  const shipped = panel.order.status === 'shipped' || panel.order.status === 'completed';
  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={!shipped}>
        {t('support.staff.refundRequest')}
      </Button>
      <Modal
        open={open}
        title={t('support.staff.refundTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'refund_only' }}
          onFinish={(v) =>
            act.mutate(
              {
                kind: v.kind,
                reasonCode: v.reasonCode,
                ...(v.reasonText ? { reasonText: v.reasonText } : {}),
              },
              {
                onSuccess: () => {
                  setOpen(false);
                  void message.success(t('support.staff.refundDone'));
                },
                onError: (err) => void message.error(errorMessage(err)),
              },
            )
          }
        >
          <Form.Item name="kind" label={t('support.staff.refundKind')}>
            <Radio.Group
              options={[
                { value: 'refund_only', label: t('support.staff.refundOnly') },
                { value: 'return_refund', label: t('support.staff.returnRefund') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reasonCode"
            label={t('support.staff.refundReason')}
            rules={[{ required: true }]}
          >
            <Select
              options={panel.afterSalesReasons
                .filter((r) => r.kinds.includes(kind))
                .map((r) => ({ value: r.code, label: label({ zh: r.zh, en: r.en }) }))}
            />
          </Form.Item>
          <Form.Item name="reasonText" label={t('support.staff.reasonText')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function ChatOrderPanel({ chatId, enabled }: { chatId: number; enabled: boolean }) {
  const { t } = useTranslation();
  const panel = useOrderPanel(chatId, enabled);
  if (!enabled)
    return (
      <Card size="small">
        <Typography.Text type="secondary">{t('support.staff.noOrder')}</Typography.Text>
      </Card>
    );
  if (panel.isPending) return <PageSkeleton rows={6} />;
  if (panel.isError) return <ErrorAlert error={panel.error} onRetry={() => void panel.refetch()} />;
  const p = panel.data;
  return (
    <Flex vertical gap={12}>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center" wrap>
            {t('support.staff.orderPanel')} {p.order.orderNo}
            <span data-testid="panel-status">
              <OrderStatusTag status={p.order.status} preparing={p.order.preparing} />
            </span>
          </Flex>
        }
      >
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('support.staff.actions')}</Typography.Text>
          <Flex gap={8} wrap>
            <CancelButton chatId={chatId} panel={p} />
            <RefundButton chatId={chatId} panel={p} />
          </Flex>
        </Flex>
      </Card>
      <LinesCard order={p.order} />
      {p.refunds.length > 0 && (
        <Card size="small" title={t('support.staff.refunds')}>
          <Flex vertical gap={4}>
            {p.refunds.map((r) => (
              <Flex key={r.id} gap={8} align="center" wrap>
                <span>{formatYuan(r.amountFen)}</span>
                <RefundStatusTag status={r.status} />
                <Typography.Text type="secondary">{formatDateTime(r.createdAt)}</Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Card>
      )}
      <TimelineCard order={p.order} />
      <Card size="small" title={t('support.staff.audit')}>
        <Flex vertical gap={2} data-testid="audit-trail">
          {p.audit.map((a) => (
            <Typography.Text key={a.id} style={{ fontSize: 12 }}>
              {formatDateTime(a.at)} · {a.actorName ?? t(`timeline.actor.${a.actorRole}`)}{' '}
              <Tag style={{ fontSize: 11 }}>{t(`timeline.actor.${a.actorRole}`)}</Tag>
              {a.action}
            </Typography.Text>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
