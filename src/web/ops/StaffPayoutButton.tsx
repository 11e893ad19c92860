// 记录打款: a re-issued refund the channel cannot send where the shopper asked (Alipay and
// UnionPay only refund the original account) is paid by staff outside the channel; the operator
// records the transfer's reference here and the refund arrives (已到账).
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import { useRecordStaffPayout } from '../api/refunds.js';
import { refundDestinationText } from '../ui/refund-text.js';

export function StaffPayoutButton({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordStaffPayout();
  const [open, setOpen] = useState(false);
  // One key per opening: a double click sends the same request, a second opening a new one.
  const [key, setKey] = useState('');
  const [form] = Form.useForm<{ reference: string; note?: string }>();

  const submit = async () => {
    const { reference, note } = await form.validateFields();
    try {
      await record.mutateAsync({
        id: refund.id,
        reference: reference.trim(),
        note: note?.trim(),
        key,
      });
      void message.success(t('refundReview.payout.done'));
      setOpen(false);
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <>
      <Button
        type="primary"
        size="small"
        onClick={() => {
          setKey(crypto.randomUUID());
          setOpen(true);
        }}
      >
        {t('refundReview.payout.record')}
      </Button>
      <Modal
        open={open}
        title={t('refundReview.payout.title', { orderNo: refund.orderNo })}
        okText={t('refundReview.payout.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={record.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        <Typography.Paragraph>
          {t('refundReview.payout.body', {
            amount: formatYuan(refund.amountFen),
            destination: refundDestinationText(refund, t),
          })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reference"
            label={t('refundReview.payout.reference')}
            extra={t('refundReview.payout.referenceHelp')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('refundReview.payout.referenceRequired'),
              },
              { min: 2, max: 64, message: t('refundReview.payout.referenceLength') },
            ]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="note" label={t('refundReview.payout.note')}>
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
