// 补偿: staff give the shopper money back by amount, with a reason from the server's list and an
// optional note. The answer says whether the money is on its way or waits for 退款审核 (above
// the operator's amount).
import { Alert, Button, Form, Input, Modal, Radio, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import {
  useGoodwillRefund,
  type GoodwillBody,
  type StaffRefundOptions,
  type StaffRefundScope,
} from '../api/staff-refunds.js';
import { useLocalized } from '../ui/format.js';
import { RefundAmountField, yuanToFen } from './RefundAmountField.js';

type Values = { amountYuan: number; reasonCode: string; note?: string };

export function GoodwillRefundDialog({
  open,
  onClose,
  orderNo,
  scope,
  options,
}: {
  open: boolean;
  onClose: () => void;
  orderNo: string;
  scope: StaffRefundScope;
  options: StaffRefundOptions;
}) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const [form] = Form.useForm<Values>();
  const grant = useGoodwillRefund(scope, orderNo);
  const idem = useIdempotencyKey();
  const [done, setDone] = useState<RefundDetail | null>(null);

  const close = () => {
    setDone(null);
    grant.reset();
    onClose();
  };

  const submit = (v: Values) => {
    const note = v.note?.trim();
    const body: GoodwillBody = {
      amountFen: yuanToFen(v.amountYuan),
      reasonCode: v.reasonCode,
      ...(note ? { note } : {}),
    };
    grant.mutate(
      { body, key: idem.keyFor(body) },
      {
        onSuccess: (refund) => {
          idem.reset();
          setDone(refund);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('staffRefund.goodwillTitle', { orderNo })}
      onCancel={close}
      destroyOnHidden
      footer={
        done
          ? [
              <Button key="done" type="primary" onClick={close}>
                {t('staffRefund.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                loading={grant.isPending}
                onClick={() => form.submit()}
              >
                {t('staffRefund.goodwillSubmit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Result
          status={done.status === 'pending_review' ? 'info' : 'success'}
          title={t(
            done.status === 'pending_review' ? 'staffRefund.sentToReview' : 'staffRefund.started',
          )}
          subTitle={t(
            done.status === 'pending_review'
              ? 'staffRefund.goodwillReview'
              : 'staffRefund.goodwillStarted',
            { amount: formatYuan(done.amountFen) },
          )}
        />
      ) : (
        <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('staffRefund.goodwillNote', { amount: formatYuan(options.reviewAboveFen) })}
          </Typography.Paragraph>
          <RefundAmountField refundableFen={options.refundableFen} />
          <Form.Item
            name="reasonCode"
            label={t('staffRefund.reason')}
            rules={[{ required: true, message: t('staffRefund.reasonRequired') }]}
          >
            <Radio.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
              options={options.goodwillReasons.map((r) => ({ value: r.code, label: label(r) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('staffRefund.note')}>
            <Input.TextArea
              maxLength={200}
              showCount
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={t('staffRefund.notePlaceholder')}
            />
          </Form.Item>
          {grant.isError && <Alert type="error" showIcon title={errorMessage(grant.error)} />}
        </Form>
      )}
    </Modal>
  );
}
