// 数据保留 (operators): how long each kind of old row stays before the hourly job prunes it,
// and how many rows one delete takes. Saved (and audited) on its own.
import { App, Button, Card, Flex, Form, Row } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import {
  useRetentionSettings,
  useSaveRetentionSettings,
  type RetentionSettings,
} from '../api/retention.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { NumberField } from './settings/NumberField.js';

const FIELDS: { name: keyof RetentionSettings; min: number; max: number }[] = [
  { name: 'outboxDoneDays', min: 1, max: 3650 },
  { name: 'expiredSessionDays', min: 0, max: 3650 },
  { name: 'idempotencyKeyHours', min: 1, max: 87_600 },
  { name: 'webhookReceiptDays', min: 1, max: 3650 },
  { name: 'sentMessageDays', min: 1, max: 3650 },
  { name: 'batchSize', min: 10, max: 50_000 },
];

function RetentionForm({ settings }: { settings: RetentionSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveRetentionSettings();
  const [form] = Form.useForm<RetentionSettings>();
  useEffect(() => form.setFieldsValue(settings), [form, settings]);
  return (
    <Form<RetentionSettings>
      form={form}
      layout="vertical"
      requiredMark
      onFinish={(v) =>
        save.mutate(v, {
          onSuccess: () => void message.success(t('settings.saved')),
          onError: (err) => void message.error(errorMessage(err)),
        })
      }
    >
      <Row gutter={16}>
        {FIELDS.map((f) => (
          <NumberField
            key={f.name}
            name={f.name}
            label={t(`retention.${f.name}`)}
            help={t(`retention.${f.name}Help`)}
            min={f.min}
            max={f.max}
          />
        ))}
      </Row>
      <Flex gap={8} justify="end">
        <Button onClick={() => form.setFieldsValue(settings)}>{t('settings.reset')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('settings.saveSection')}
        </Button>
      </Flex>
    </Form>
  );
}

export function RetentionSettingsSection() {
  const { t } = useTranslation();
  const settings = useRetentionSettings();
  return (
    <Card size="small" title={t('retention.title')} data-testid="settings-retention">
      {settings.isPending ? (
        <PageSkeleton rows={3} />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <RetentionForm settings={settings.data} />
      )}
    </Card>
  );
}
