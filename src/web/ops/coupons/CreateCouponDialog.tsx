// 新建优惠券: 满减 (amount off over a threshold) or 折扣 (percent off with a cap), valid between
// two Shanghai days. Amounts are typed in yuan and sent in fen. An operator's coupon is a
// platform coupon (shop coupons of any shop can be made through the API); a merchant's is
// always for their own shop.
import { App, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.js';
import { useCreateCoupon, type CouponDesk } from '../../api/staff-coupons.js';
import { yuanToFen } from '../RefundAmountField.js';

interface Values {
  title: string;
  titleEn: string;
  kind: 'amount_off' | 'percent_off';
  thresholdYuan?: number;
  amountOffYuan?: number;
  percentOff?: number;
  capYuan?: number | null;
  validFrom: string;
  validUntil: string;
}

/** A Shanghai calendar day today (YYYY-MM-DD), `days` later. */
function shanghaiDay(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export function CreateCouponDialog({
  desk,
  open,
  onClose,
}: {
  desk: CouponDesk;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateCoupon(desk);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'amount_off';

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        title: v.title.trim(),
        titleEn: v.titleEn.trim(),
        scope: desk === 'ops' ? 'platform' : 'shop',
        kind: v.kind,
        thresholdFen: yuanToFen(v.thresholdYuan ?? 0),
        ...(v.kind === 'amount_off'
          ? { amountOffFen: yuanToFen(v.amountOffYuan ?? 0) }
          : {
              percentOff: v.percentOff ?? 0,
              capFen: v.capYuan === null || v.capYuan === undefined ? null : yuanToFen(v.capYuan),
            }),
        validFrom: `${v.validFrom}T00:00:00+08:00`,
        validUntil: `${v.validUntil}T23:59:59+08:00`,
      });
      void message.success(t('staffCoupons.created'));
      onClose();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <Modal
      open={open}
      title={t('staffCoupons.createTitle')}
      okText={t('staffCoupons.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      style={{ maxWidth: 'calc(100vw - 20px)' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          kind: 'amount_off',
          validFrom: shanghaiDay(),
          validUntil: shanghaiDay(30),
        }}
      >
        <Form.Item
          name="title"
          label={t('staffCoupons.titleZh')}
          rules={[{ required: true, whitespace: true, message: t('staffCoupons.required') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="titleEn"
          label={t('staffCoupons.titleEn')}
          rules={[{ required: true, whitespace: true, message: t('staffCoupons.required') }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="kind" label={t('staffCoupons.kind')}>
          <Radio.Group
            options={[
              { value: 'amount_off', label: t('staffCoupons.amountOff') },
              { value: 'percent_off', label: t('staffCoupons.percentOff') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="thresholdYuan"
          label={t('staffCoupons.threshold')}
          extra={t('staffCoupons.thresholdHelp')}
        >
          <InputNumber<number> min={0} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'amount_off' ? (
          <Form.Item
            name="amountOffYuan"
            label={t('staffCoupons.amountOffYuan')}
            rules={[{ required: true, message: t('staffCoupons.required') }]}
          >
            <InputNumber<number> min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="percentOff"
              label={t('staffCoupons.percent')}
              extra={t('staffCoupons.percentHelp')}
              rules={[{ required: true, message: t('staffCoupons.required') }]}
            >
              <InputNumber<number>
                min={1}
                max={99}
                precision={0}
                suffix="%"
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Form.Item
              name="capYuan"
              label={t('staffCoupons.cap')}
              extra={t('staffCoupons.capHelp')}
            >
              <InputNumber<number> min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="validFrom"
          label={t('staffCoupons.validFrom')}
          rules={[{ required: true, message: t('staffCoupons.required') }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="validUntil"
          label={t('staffCoupons.validUntil')}
          dependencies={['validFrom']}
          rules={[
            { required: true, message: t('staffCoupons.required') },
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) =>
                !v || v >= String(getFieldValue('validFrom') ?? '')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('staffCoupons.untilBeforeFrom'))),
            }),
          ]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
