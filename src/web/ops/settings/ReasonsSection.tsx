// 取消原因: the reasons a shopper picks from when cancelling, in display order; some ask for
// the shopper's own words.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CancellationSettings } from '../../api/cancellation.js';
import { SettingsSection } from './SettingsSection.js';

type Reason = CancellationSettings['reasons'][number];
type Reasons = { reasons: Reason[] };

const CODE = /^[a-z0-9_]{1,40}$/;

export function ReasonsSection() {
  const { t } = useTranslation();
  return (
    <SettingsSection<Reasons>
      id="reasons"
      title={t('settings.reasons')}
      note={t('settings.reasonsNote')}
      toValues={(s) => ({ reasons: s.reasons })}
      toPatch={(v) => ({
        reasons: v.reasons.map((r) => ({
          code: r.code.trim(),
          zh: r.zh.trim(),
          en: r.en.trim(),
          needsText: r.needsText === true,
        })),
      })}
    >
      {() => (
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
                              const all = (getFieldValue('reasons') as Reason[] | undefined) ?? [];
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
      )}
    </SettingsSection>
  );
}
