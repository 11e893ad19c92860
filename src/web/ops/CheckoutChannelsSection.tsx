// 收银台支付方式 (operators): which configured channels the shopper's 去支付 offers, and which is
// preselected (stored first). Saved (and audited) on its own.
import { App, Button, Card, Checkbox, Flex, Form, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentChannelName } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import {
  useCheckoutChannels,
  useSaveCheckoutChannels,
  type CheckoutChannelsSettings,
} from '../api/checkout-channels.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';

interface Values {
  offered: PaymentChannelName[];
  preselected: PaymentChannelName;
}

const valuesOf = (s: CheckoutChannelsSettings): Values => ({
  offered: s.offered,
  preselected: s.offered[0] ?? s.available[0] ?? 'sandbox',
});

function ChannelsForm({ settings }: { settings: CheckoutChannelsSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveCheckoutChannels();
  const [form] = Form.useForm<Values>();
  useEffect(() => form.setFieldsValue(valuesOf(settings)), [form, settings]);
  const offered = Form.useWatch('offered', form) ?? settings.offered;

  // The preselected channel follows the ticked ones: untick it and the first ticked takes over.
  useEffect(() => {
    const preselected = form.getFieldValue('preselected') as PaymentChannelName | undefined;
    if (offered.length > 0 && (!preselected || !offered.includes(preselected)))
      form.setFieldValue('preselected', offered[0]);
  }, [form, offered]);

  const submit = (v: Values) => {
    // Stored in the order shown, the preselected one first.
    const rest = settings.available.filter((c) => v.offered.includes(c) && c !== v.preselected);
    save.mutate([v.preselected, ...rest], {
      onSuccess: () => void message.success(t('settings.saved')),
      onError: (err) => void message.error(errorMessage(err)),
    });
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit}>
      <Typography.Paragraph type="secondary">{t('checkoutChannels.note')}</Typography.Paragraph>
      <Form.Item
        name="offered"
        label={t('checkoutChannels.offered')}
        rules={[{ type: 'array', min: 1, message: t('checkoutChannels.offeredRequired') }]}
      >
        <Checkbox.Group
          options={settings.available.map((c) => ({ value: c, label: t(`pay.channels.${c}`) }))}
        />
      </Form.Item>
      <Form.Item name="preselected" label={t('checkoutChannels.default')}>
        <Select
          style={{ maxWidth: 240 }}
          options={offered.map((c) => ({ value: c, label: t(`pay.channels.${c}`) }))}
        />
      </Form.Item>
      <Flex gap={8} justify="end">
        <Button onClick={() => form.setFieldsValue(valuesOf(settings))}>
          {t('settings.reset')}
        </Button>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('settings.saveSection')}
        </Button>
      </Flex>
    </Form>
  );
}

export function CheckoutChannelsSection() {
  const { t } = useTranslation();
  const settings = useCheckoutChannels();
  return (
    <Card size="small" title={t('checkoutChannels.title')} data-testid="settings-checkout-channels">
      {settings.isPending ? (
        <PageSkeleton rows={3} />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <ChannelsForm settings={settings.data} />
      )}
    </Card>
  );
}
