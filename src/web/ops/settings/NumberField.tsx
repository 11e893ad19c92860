// A whole-number setting with its unit in the label and a sentence of help under it.
import { Col, Form, InputNumber } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { useTranslation } from 'react-i18next';

export function NumberField({
  name,
  label,
  help,
  min,
  max,
  rules = [],
  dependencies,
}: {
  name: string;
  label: string;
  help: string;
  min: number;
  max: number;
  rules?: Rule[];
  dependencies?: string[];
}) {
  const { t } = useTranslation();
  return (
    <Col xs={24} md={12}>
      <Form.Item
        name={name}
        label={label}
        extra={help}
        rules={[{ required: true, message: t('settings.required') }, ...rules]}
        {...(dependencies ? { dependencies } : {})}
      >
        <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
}
