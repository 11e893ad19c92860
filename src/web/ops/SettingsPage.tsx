// 设置 (operators): the cancellation rules — free window, request deadline, refund review amount
// (entered in yuan, stored as integer fen), standing thresholds and window — and the list of
// 取消原因 shoppers choose from.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCancellationSettings,
  useSaveCancellationSettings,
  type CancellationSettings,
} from '../api/cancellation.js';
import { errorMessage } from '../api/client.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { RoleGate } from './StaffLayout.js';
import { SupportSettingsSection } from './SupportSettingsSection.js';

type Reason = CancellationSettings['reasons'][number];
type Values = Omit<CancellationSettings, 'reviewAmountFen'> & { reviewAmountYuan: number };

const CODE = /^[a-z0-9_]{1,40}$/;

function toValues(s: CancellationSettings): Values {
  const { reviewAmountFen, ...rest } = s;
  return { ...rest, reviewAmountYuan: reviewAmountFen / 100 };
}

function toSettings(v: Values): CancellationSettings {
  const { reviewAmountYuan, reasons, ...rest } = v;
  return {
    ...rest,
    // Yuan with at most two decimals → integer fen, never a float in the API.
    reviewAmountFen: Math.round(Number(reviewAmountYuan) * 100),
    reasons: reasons.map((r) => ({
      code: r.code.trim(),
      zh: r.zh.trim(),
      en: r.en.trim(),
      needsText: r.needsText === true,
    })),
  };
}

function SettingsForm({ settings }: { settings: CancellationSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveCancellationSettings();
  const [form] = Form.useForm<Values>();
  useEffect(() => form.setFieldsValue(toValues(settings)), [form, settings]);

  const submit = (v: Values) =>
    save.mutate(toSettings(v), {
      onSuccess: () => void message.success(t('settings.saved')),
      onError: (err) => void message.error(errorMessage(err)),
    });

  const number = (
    name: keyof Values,
    label: string,
    help: string,
    min: number,
    max: number,
    extra?: object,
  ) => (
    <Col xs={24} md={12}>
      <Form.Item
        name={name}
        label={label}
        extra={help}
        rules={[{ required: true, message: t('settings.required') }]}
        {...extra}
      >
        <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={toValues(settings)}
      onFinish={submit}
      requiredMark
      scrollToFirstError
    >
      <Flex vertical gap={12}>
        <Card size="small" title={t('settings.cancellation')}>
          <Row gutter={16}>
            {number(
              'freeCancelWindowMinutes',
              t('settings.freeWindow'),
              t('settings.freeWindowHelp'),
              0,
              1440,
            )}
            {number('requestSlaHours', t('settings.sla'), t('settings.slaHelp'), 1, 168)}
            <Col xs={24} md={12}>
              <Form.Item
                name="reviewAmountYuan"
                label={t('settings.reviewAmount')}
                extra={t('settings.reviewAmountHelp')}
                rules={[{ required: true, message: t('settings.required') }]}
              >
                <InputNumber
                  min={0}
                  max={10_000_000}
                  precision={2}
                  step={100}
                  prefix="¥"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            {number(
              'standingWindowDays',
              t('settings.windowDays'),
              t('settings.windowDaysHelp'),
              1,
              365,
            )}
            {number('standingWarnAt', t('settings.warnAt'), t('settings.warnAtHelp'), 1, 100)}
            {number(
              'standingReviewAt',
              t('settings.reviewAt'),
              t('settings.reviewAtHelp'),
              1,
              100,
              {
                dependencies: ['standingWarnAt'],
                rules: [
                  { required: true, message: t('settings.required') },
                  ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
                    validator: (_: unknown, value: unknown) => {
                      const warn = getFieldValue('standingWarnAt');
                      return typeof value === 'number' && typeof warn === 'number' && value < warn
                        ? Promise.reject(new Error(t('settings.reviewAtTooLow')))
                        : Promise.resolve();
                    },
                  }),
                ],
              },
            )}
          </Row>
        </Card>

        <Card size="small" title={t('settings.reasons')}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('settings.reasonsNote')}
          </Typography.Paragraph>
          <Form.List
            name="reasons"
            rules={[
              {
                validator: (_, value: Reason[] | undefined) =>
                  value && value.length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('settings.atLeastOneReason'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    title={t('settings.reasonN', { n: index + 1 })}
                    extra={
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        disabled={fields.length <= 1}
                        onClick={() => remove(field.name)}
                      >
                        {t('settings.removeReason')}
                      </Button>
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={6}>
                        <Form.Item
                          name={[field.name, 'code']}
                          label={t('settings.reasonCode')}
                          rules={[
                            { required: true, message: t('settings.required') },
                            { pattern: CODE, message: t('settings.codeInvalid') },
                            ({ getFieldValue }) => ({
                              validator: (_, value: string) => {
                                const all =
                                  (getFieldValue('reasons') as Reason[] | undefined) ?? [];
                                const same = all.filter((r) => r?.code === value).length;
                                return value && same > 1
                                  ? Promise.reject(new Error(t('settings.codeDuplicate')))
                                  : Promise.resolve();
                              },
                            }),
                          ]}
                        >
                          <Input maxLength={40} autoComplete="off" />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={7}>
                        <Form.Item
                          name={[field.name, 'zh']}
                          label={t('settings.reasonZh')}
                          rules={[
                            { required: true, whitespace: true, message: t('settings.required') },
                          ]}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={7}>
                        <Form.Item
                          name={[field.name, 'en']}
                          label={t('settings.reasonEn')}
                          rules={[
                            { required: true, whitespace: true, message: t('settings.required') },
                          ]}
                        >
                          <Input maxLength={60} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={4}>
                        <Form.Item
                          name={[field.name, 'needsText']}
                          label={t('settings.needsText')}
                          valuePropName="checked"
                        >
                          <Switch />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 20}
                  onClick={() => add({ code: '', zh: '', en: '', needsText: false })}
                >
                  {t('settings.addReason')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Flex gap={8} justify="end" wrap>
          <Button onClick={() => form.setFieldsValue(toValues(settings))}>
            {t('settings.reset')}
          </Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('settings.save')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}

function Settings() {
  const { t } = useTranslation();
  const settings = useCancellationSettings();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      {settings.isPending && <PageSkeleton rows={8} />}
      {settings.isError && (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {settings.data && <SettingsForm settings={settings.data} />}
      <SupportSettingsSection />
    </Flex>
  );
}

export function SettingsPage() {
  return (
    <RoleGate roles={['operator']}>
      <Settings />
    </RoleGate>
  );
}
