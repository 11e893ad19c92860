// 客服设置 (operators): hotline and its hours, online chat hours (per weekday, Shanghai time),
// support email, official accounts, the 留言 reply deadline and agents' canned replies.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportSettings } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useSaveSupportSettings, useSupportSettings } from '../api/support.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';

type Day = { closed: boolean; open: string; close: string };
type Values = Omit<SupportSettings, 'hotlineHours' | 'chatHours' | 'cannedReplies'> & {
  hotlineHours: Day[];
  chatHours: Day[];
  cannedReplies: { text: string }[];
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const toDays = (w: SupportSettings['chatHours']): Day[] =>
  w.map((d) => (d ? { closed: false, ...d } : { closed: true, open: '09:00', close: '18:00' }));
const fromDays = (days: Day[]): SupportSettings['chatHours'] =>
  days.map((d) => (d.closed ? null : { open: d.open, close: d.close }));

function WeekField({ name, label }: { name: 'hotlineHours' | 'chatHours'; label: string }) {
  const { t } = useTranslation();
  const names = t('support.weekdays', { returnObjects: true }) as string[];
  return (
    <Form.Item label={label} required>
      <Flex vertical gap={4}>
        {names.map((day, i) => (
          <Flex key={day} gap={8} align="center" wrap>
            <span style={{ width: 40 }}>{day}</span>
            <Form.Item name={[name, i, 'open']} noStyle rules={[{ pattern: TIME }]}>
              <Input style={{ width: 80 }} aria-label={`${label} ${day} open`} />
            </Form.Item>
            <span>–</span>
            <Form.Item name={[name, i, 'close']} noStyle rules={[{ pattern: TIME }]}>
              <Input style={{ width: 80 }} aria-label={`${label} ${day} close`} />
            </Form.Item>
            <Form.Item name={[name, i, 'closed']} valuePropName="checked" noStyle>
              <Checkbox>{t('support.settings.closedDay')}</Checkbox>
            </Form.Item>
          </Flex>
        ))}
      </Flex>
    </Form.Item>
  );
}

function SettingsForm({ settings }: { settings: SupportSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveSupportSettings();
  const [form] = Form.useForm<Values>();
  useEffect(
    () =>
      form.setFieldsValue({
        ...settings,
        hotlineHours: toDays(settings.hotlineHours),
        chatHours: toDays(settings.chatHours),
        cannedReplies: settings.cannedReplies.map((text) => ({ text })),
      }),
    [form, settings],
  );
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        save.mutate(
          {
            hotline: v.hotline.trim(),
            email: v.email.trim(),
            boardReplyHours: Number(v.boardReplyHours),
            hotlineHours: fromDays(v.hotlineHours),
            chatHours: fromDays(v.chatHours),
            social: (v.social ?? []).map((s) => ({
              name: s.name.trim(),
              handle: s.handle.trim(),
              url: s.url?.trim() ? s.url.trim() : null,
            })),
            cannedReplies: (v.cannedReplies ?? []).map((c) => c.text.trim()).filter(Boolean),
          },
          {
            onSuccess: () => void message.success(t('support.settings.saved')),
            onError: (err) => void message.error(errorMessage(err)),
          },
        )
      }
    >
      <Form.Item name="hotline" label={t('support.settings.hotline')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      <WeekField name="hotlineHours" label={t('support.settings.hotlineHours')} />
      <WeekField name="chatHours" label={t('support.settings.chatHours')} />
      <Form.Item name="email" label={t('support.settings.email')} rules={[{ max: 120 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="boardReplyHours"
        label={t('support.settings.boardReplyHours')}
        rules={[{ required: true }]}
      >
        <InputNumber min={1} max={720} precision={0} />
      </Form.Item>
      <Typography.Text strong>{t('support.settings.social')}</Typography.Text>
      <Form.List name="social">
        {(fields, { add, remove }) => (
          <Flex vertical gap={6} style={{ marginBlock: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} wrap>
                <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, max: 40 }]}>
                  <Input placeholder={t('support.settings.socialName')} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'handle']} noStyle rules={[{ required: true, max: 80 }]}>
                  <Input placeholder={t('support.settings.socialHandle')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'url']} noStyle rules={[{ pattern: /^https:\/\// }]}>
                  <Input placeholder={t('support.settings.socialUrl')} style={{ width: 220 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
              </Flex>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', handle: '', url: '' })}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('support.settings.addSocial')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Typography.Text strong>{t('support.settings.cannedReplies')}</Typography.Text>
      <Form.List name="cannedReplies">
        {(fields, { add, remove }) => (
          <Flex vertical gap={6} style={{ marginBlock: 8 }}>
            {fields.map((f) => (
              <Flex key={f.key} gap={8}>
                <Form.Item name={[f.name, 'text']} noStyle rules={[{ required: true, max: 500 }]}>
                  <Input />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
              </Flex>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ text: '' })}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('support.settings.addCanned')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('support.settings.save')}
      </Button>
    </Form>
  );
}

export function SupportSettingsSection() {
  const { t } = useTranslation();
  const settings = useSupportSettings();
  return (
    <Card size="small" title={t('support.settings.title')}>
      {settings.isPending ? (
        <PageSkeleton rows={6} />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </Card>
  );
}
