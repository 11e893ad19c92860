// 发放: a coupon to shoppers named by email or mobile, one per line. The server issues to all
// or none (a name that matches no shopper refuses the whole list) and never gives a shopper a
// second copy; the answer says how many were issued and how many already held it.
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponView } from '../../../contracts/index.js';
import { errorMessage } from '../../api/client.js';
import { useIssueCoupon, type CouponDesk, type IssueResult } from '../../api/staff-coupons.js';

export function IssueCouponDialog({
  desk,
  coupon,
  onClose,
}: {
  desk: CouponDesk;
  coupon: CouponView;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const issue = useIssueCoupon(desk);
  const [form] = Form.useForm<{ recipients: string }>();
  const [result, setResult] = useState<IssueResult | null>(null);

  const submit = async () => {
    const { recipients } = await form.validateFields();
    const names = [...new Set(recipients.split(/[\s,，;；]+/).filter((x) => x !== ''))];
    try {
      setResult(await issue.mutateAsync({ id: coupon.id, recipients: names }));
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <Modal
      open
      title={t('staffCoupons.issueTitle', {
        title: i18n.language === 'en' ? coupon.titleEn : coupon.title,
      })}
      okText={t('staffCoupons.issue')}
      cancelText={t('common.close')}
      confirmLoading={issue.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      style={{ maxWidth: 'calc(100vw - 20px)' }}
    >
      <Typography.Paragraph type="secondary">
        {i18n.language === 'en' ? coupon.terms.en : coupon.terms.zh}
      </Typography.Paragraph>
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('staffCoupons.issued', {
            issued: result.issued,
            alreadyHeld: result.alreadyHeld,
          })}
        />
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          name="recipients"
          label={t('staffCoupons.recipients')}
          extra={t('staffCoupons.recipientsHelp')}
          rules={[
            { required: true, whitespace: true, message: t('staffCoupons.recipientsRequired') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
