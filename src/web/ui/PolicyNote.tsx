// A product's after-sales policy: a small tag on cards, a prominent note before purchase.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PolicyView } from '../../contracts/index.js';
import { useLocalized } from './format.js';

const TAG_COLOR: Record<PolicyView['kind'], string> = {
  full_refund: 'green',
  refund_minus_fee: 'gold',
  no_refund_after_shipment: 'orange',
  non_cancellable: 'red',
};

export function PolicyTag({ policy }: { policy: PolicyView }) {
  const { t } = useTranslation();
  return (
    <Tag color={TAG_COLOR[policy.kind]} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`policy.${policy.kind}`)}
    </Tag>
  );
}

export function PolicyNote({ policy, compact = false }: { policy: PolicyView; compact?: boolean }) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const text = label(policy.text);
  if (compact) {
    return (
      <Flex gap={6} align="center" wrap>
        <PolicyTag policy={policy} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <section
      aria-label={t('policy.title')}
      style={{
        border: '1px solid #ffd8bf',
        background: '#fff7f0',
        borderRadius: 8,
        padding: '12px 14px',
      }}
    >
      <Flex gap={8} align="center" wrap style={{ marginBottom: 6 }}>
        <SafetyCertificateOutlined style={{ color: '#ff5000', fontSize: 18 }} />
        <Typography.Text strong>{t('policy.title')}</Typography.Text>
        <PolicyTag policy={policy} />
      </Flex>
      <Typography.Paragraph style={{ margin: 0 }}>{text}</Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('policy.beforeBuy')}
      </Typography.Text>
    </section>
  );
}
