// The merchant's answer to a 修改地址 request on the order page: both addresses, the deadline
// with its countdown, 同意修改 and 拒绝 (with a reason). The order cannot ship until answered.
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddressChangeView } from '../../contracts/index.js';
import { useDecideAddressChange, useMerchantAddressRequests } from '../api/address-change.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import { formatDateTime } from '../ui/format.js';
import { formatCountdown, useNow } from '../ui/useNow.js';

function Decision({ request }: { request: AddressChangeView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideAddressChange();
  const idem = useIdempotencyKey();
  const [refusing, setRefusing] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const send = (decision: 'accept' | 'refuse', reason?: string) => {
    const body = { id: request.id, decision, reason };
    // mutateAsync: the request leaves the queue on success and this card with it; the toast
    // still shows.
    void decide.mutateAsync({ ...body, key: idem.keyFor(body) }).then(
      () => {
        idem.reset();
        setRefusing(false);
        void message.success(
          t(decision === 'accept' ? 'addressChange.accepted' : 'addressChange.refused'),
        );
      },
      (err: unknown) => void message.error(errorMessage(err)),
    );
  };

  return (
    <Flex gap={8} wrap>
      <Button type="primary" loading={decide.isPending} onClick={() => send('accept')}>
        {t('addressChange.accept')}
      </Button>
      <Button danger onClick={() => setRefusing(true)}>
        {t('addressChange.refuse')}
      </Button>
      <Modal
        open={refusing}
        title={t('addressChange.refuseTitle')}
        okText={t('addressChange.refuseSubmit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: decide.isPending }}
        onCancel={() => setRefusing(false)}
        onOk={() =>
          void form.validateFields().then(
            (v) => send('refuse', v.reason.trim()),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item
            name="reason"
            label={t('addressChange.refuseReason')}
            rules={[
              {
                required: true,
                whitespace: true,
                max: 200,
                message: t('addressChange.refuseReasonRequired'),
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

/** The open address change of this order, if the shop has one to answer. */
export function MerchantAddressChangeCard({ orderNo }: { orderNo: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const queue = useMerchantAddressRequests();
  const request = queue.data?.items.find((r) => r.orderNo === orderNo);
  if (!request?.slaDeadline) return null;
  const left = Date.parse(request.slaDeadline) - now;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('addressChange.merchantTitle')}
      description={
        <Flex vertical gap={6}>
          <span>{t('addressChange.merchantFrom', request.from)}</span>
          <Typography.Text strong>{t('addressChange.merchantTo', request.to)}</Typography.Text>
          <span>
            {t('addressChange.merchantDeadline', { time: formatDateTime(request.slaDeadline) })}
            {left > 0 ? ` · ${formatCountdown(left)}` : ''}
          </span>
          <Decision request={request} />
        </Flex>
      }
    />
  );
}
