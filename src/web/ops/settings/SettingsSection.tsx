// One card of the 设置 page: its own form over part of the operator settings, saved on its own
// (a partial update, so each save is one audited change of just those fields).
import { App, Button, Card, Flex, Form, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCancellationSettings,
  useSaveCancellationSettings,
  type CancellationSettings,
} from '../../api/cancellation.js';
import { errorMessage } from '../../api/client.js';
import { ErrorAlert, PageSkeleton } from '../../ui/feedback.js';

export function SettingsSection<V extends object>({
  id,
  title,
  note,
  toValues,
  toPatch,
  children,
}: {
  id: string;
  title: string;
  note?: string;
  toValues: (s: CancellationSettings) => V;
  toPatch: (v: V) => Partial<CancellationSettings>;
  children: (form: FormInstance<V>) => ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useCancellationSettings();
  const save = useSaveCancellationSettings();
  const [form] = Form.useForm<V>();
  const data = settings.data;
  useEffect(() => {
    if (data) form.setFieldsValue(toValues(data));
  }, [form, data, toValues]);

  return (
    <Card size="small" title={title} id={id} data-testid={`settings-${id}`}>
      {note && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {note}
        </Typography.Paragraph>
      )}
      {settings.isPending && <PageSkeleton rows={3} />}
      {settings.isError && (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {data && (
        <Form<V>
          form={form}
          layout="vertical"
          requiredMark
          scrollToFirstError
          onFinish={(v) =>
            save.mutate(toPatch(v), {
              onSuccess: () => void message.success(t('settings.saved')),
              onError: (err) => void message.error(errorMessage(err)),
            })
          }
        >
          {children(form)}
          <Flex gap={8} justify="end" wrap>
            <Button onClick={() => form.setFieldsValue(toValues(data))}>
              {t('settings.reset')}
            </Button>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('settings.saveSection')}
            </Button>
          </Flex>
        </Form>
      )}
    </Card>
  );
}
