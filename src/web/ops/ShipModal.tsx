// 发货: choose the carrier (快递公司) and enter the tracking number (运单号).
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShipBody } from '../api/merchant.js';
import { CARRIERS } from '../ui/carriers.js';

export function ShipModal({
  open,
  loading,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (body: ShipBody) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ShipBody>();
  const en = i18n.language === 'en';
  return (
    <Modal
      open={open}
      title={t('staff.shipTitle')}
      okText={t('staff.confirmShip')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => onSubmit({ carrier: v.carrier, trackingNo: v.trackingNo.trim() })}
      >
        <Form.Item
          name="carrier"
          label={t('staff.carrier')}
          rules={[{ required: true, message: t('staff.carrierRequired') }]}
        >
          <Select
            options={CARRIERS.map((c) => ({ value: c.value, label: en ? c.en : c.value }))}
            placeholder={t('staff.carrierRequired')}
          />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('staff.trackingNo')}
          rules={[
            {
              required: true,
              pattern: /^\s*[A-Za-z0-9-]{6,40}\s*$/,
              message: t('staff.trackingRequired'),
            },
          ]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
