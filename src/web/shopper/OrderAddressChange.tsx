// 修改地址 on the order page: the button exactly when the server's options allow it (at once
// before the shop prepares, as a request while it prepares), the dialog with the checkout's
// address checks, a pending request with its countdown, and a refusal's reason.
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddressChangeOptions, OrderDetail } from '../../contracts/index.js';
import {
  useAddressChangeOptions,
  useChangeAddress,
  type AddressInput,
} from '../api/address-change.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import { normaliseMobile } from '../../domain/validation.js';
import { formatDateTime } from '../ui/format.js';
import { formatCountdown, useNow } from '../ui/useNow.js';
import { mobileRule } from '../ui/validators.js';

/** Asked only of a 待发货 order; asked again when its status or 备货中 changes. */
export function useOrderAddressChange(order: OrderDetail | undefined) {
  const state = order ? `${order.status}:${order.preparing}` : '';
  return useAddressChangeOptions(
    order?.orderNo ?? '',
    state,
    order?.status === 'awaiting_shipment',
  );
}

function AddressDialog({
  order,
  options,
  onClosed,
}: {
  order: OrderDetail;
  options: AddressChangeOptions;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddressInput>();
  const change = useChangeAddress(order.orderNo);
  const idem = useIdempotencyKey();
  const request = options.mode === 'request';

  const submit = async () => {
    const values = await form.validateFields();
    const address = {
      name: values.name.trim(),
      phone: normaliseMobile(values.phone),
      address: values.address.trim(),
    };
    // mutateAsync: the answer is handled even if the page re-renders the dialog away meanwhile.
    await change
      .mutateAsync({ address, key: idem.keyFor({ address, orderNo: order.orderNo }) })
      .then(
        (res) => {
          idem.reset();
          void message.success(
            t(res.result === 'requested' ? 'addressChange.requested' : 'addressChange.applied'),
          );
          onClosed();
        },
        (err: unknown) => void message.error(errorMessage(err)),
      );
  };

  return (
    <Modal
      open
      title={t('addressChange.dialogTitle')}
      onCancel={onClosed}
      onOk={() => void submit()}
      okText={t(request ? 'addressChange.submitRequest' : 'addressChange.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: change.isPending }}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Alert
          type={request ? 'warning' : 'info'}
          showIcon
          title={
            request
              ? t('addressChange.requestHint', { hours: options.requestSlaHours })
              : t('addressChange.instantHint')
          }
        />
        <Form form={form} layout="vertical" initialValues={options.current} requiredMark={false}>
          <Form.Item
            name="name"
            label={t('checkout.name')}
            rules={[
              { required: true, whitespace: true, max: 40, message: t('checkout.nameRequired') },
            ]}
          >
            <Input autoComplete="name" maxLength={40} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('checkout.phone')}
            rules={[mobileRule(t('auth.invalidMobile'))]}
          >
            <Input autoComplete="tel" inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('checkout.address')}
            rules={[
              {
                required: true,
                whitespace: true,
                min: 5,
                max: 200,
                message: t('checkout.addressRequired'),
              },
            ]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea
              autoComplete="street-address"
              placeholder={t('checkout.addressPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 4 }}
              maxLength={200}
            />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

/** 修改地址 for the status banner, when the options allow it. */
export function AddressChangeButton({
  order,
  options,
}: {
  order: OrderDetail;
  options: AddressChangeOptions | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!options || options.mode === null || order.status !== 'awaiting_shipment') return null;
  return (
    <>
      <Button size="large" ghost onClick={() => setOpen(true)}>
        {t('addressChange.change')}
      </Button>
      {open && <AddressDialog order={order} options={options} onClosed={() => setOpen(false)} />}
    </>
  );
}

/** A pending request with its deadline, or the shop's refusal, under the status banner. */
export function AddressChangeNotices({
  order,
  options,
}: {
  order: OrderDetail;
  options: AddressChangeOptions | undefined;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const latest = options?.latest;
  if (!latest || order.status !== 'awaiting_shipment') return null;
  if (latest.status === 'pending' && latest.slaDeadline) {
    const left = Date.parse(latest.slaDeadline) - now;
    return (
      <Alert
        type="info"
        showIcon
        role="status"
        title={t('addressChange.pendingTitle', { time: formatDateTime(latest.slaDeadline) })}
        description={
          <Flex vertical gap={2}>
            <span>{t('addressChange.newAddress', latest.to)}</span>
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
              {left > 0
                ? t('addressChange.pendingLeft', { left: formatCountdown(left) })
                : t('addressChange.pendingOverdue')}
            </Typography.Text>
          </Flex>
        }
      />
    );
  }
  if (latest.status === 'refused') {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('addressChange.refusedTitle', { reason: latest.decisionReason ?? '' })}
        description={t('addressChange.refusedBody')}
        closable
      />
    );
  }
  return null;
}
