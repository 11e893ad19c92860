// 我的优惠券: the shopper's coupons in three groups, 可用 / 已使用 / 已过期.
import { Card, Flex, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyCoupons, type MyCouponState } from '../api/coupons.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';

const STATES: MyCouponState[] = ['available', 'used', 'expired'];

export function CouponsPage() {
  const { t } = useTranslation();
  const { pick, label } = useLocalized();
  const [state, setState] = useState<MyCouponState>('available');
  const coupons = useMyCoupons(state);
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('coupons.title')}
      </Typography.Title>
      <Segmented<MyCouponState>
        value={state}
        onChange={setState}
        options={STATES.map((s) => ({ value: s, label: t(`coupons.${s}`) }))}
      />
      {coupons.isPending ? (
        <PageSkeleton rows={3} />
      ) : coupons.isError ? (
        <ErrorAlert error={coupons.error} onRetry={() => void coupons.refetch()} />
      ) : coupons.data.items.length === 0 ? (
        <EmptyState description={t('coupons.empty')} />
      ) : (
        coupons.data.items.map((c) => (
          <Card key={c.id} size="small">
            <Flex justify="space-between" align="start" gap={8}>
              <Flex vertical gap={2}>
                <Typography.Text strong>{pick(c.title, c.titleEn)}</Typography.Text>
                <Typography.Text>{label(c.terms)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.shopName ? t('coupons.shopOnly', { shop: c.shopName }) : t('coupons.platform')}
                  {' · '}
                  {t('coupons.validUntil', { date: formatDateTime(c.validUntil) })}
                </Typography.Text>
              </Flex>
              <Tag color={c.state === 'available' ? 'red' : undefined}>
                {t(`coupons.${c.state}`)}
              </Tag>
            </Flex>
          </Card>
        ))
      )}
    </Flex>
  );
}
