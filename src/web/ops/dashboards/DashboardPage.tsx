// 数据看板: five dashboards for a shop (or all) and a range of days. Loaded on demand (its own
// chunk with ECharts), so no shopper page pays for the charts.
import { Button, Col, Flex, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShops } from '../../api/catalog.js';
import { useDashboards, type DashboardFilters } from '../../api/ops.js';
import { useUser } from '../../api/session.js';
import { ErrorAlert, PageSkeleton } from '../../ui/feedback.js';
import { RoleGate } from '../StaffLayout.js';
import {
  CancellationsChart,
  DashboardCard,
  ProductRateChart,
  RefundProblems,
  RefundTimeChart,
  SlaChart,
} from './DashboardCharts.js';

const shanghaiDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const daysBack = (n: number) => ({
  from: shanghaiDay(new Date(Date.now() - (n - 1) * 86_400_000)),
  to: shanghaiDay(new Date()),
});

function Dashboard() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const shops = useShops();
  const merchant = user?.role === 'merchant';
  const [filters, setFilters] = useState<DashboardFilters>(daysBack(30));
  const dash = useDashboards(filters);
  const presets = [7, 30, 90, 365] as const;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ops.dash.title')}
        </Typography.Title>
        <Space wrap>
          {!merchant && (
            <Select
              aria-label={t('ops.dash.shop')}
              style={{ minWidth: 160 }}
              value={filters.shopId ?? 0}
              onChange={(v: number) =>
                setFilters(({ shopId: _old, ...f }) => (v === 0 ? f : { ...f, shopId: v }))
              }
              options={[
                { value: 0, label: t('ops.dash.allShops') },
                ...(shops.data?.items ?? []).map((s) => ({
                  value: s.id,
                  label: i18n.language === 'en' ? s.nameEn : s.name,
                })),
              ]}
            />
          )}
          <Input
            type="date"
            aria-label={t('ops.search.from')}
            value={filters.from}
            max={filters.to}
            onChange={(e) => e.target.value && setFilters((f) => ({ ...f, from: e.target.value }))}
          />
          <Input
            type="date"
            aria-label={t('ops.search.to')}
            value={filters.to}
            min={filters.from}
            onChange={(e) => e.target.value && setFilters((f) => ({ ...f, to: e.target.value }))}
          />
          {presets.map((n) => (
            <Button
              key={n}
              size="small"
              onClick={() => setFilters((f) => ({ ...f, ...daysBack(n) }))}
            >
              {t('ops.dash.lastDays', { n })}
            </Button>
          ))}
        </Space>
      </Flex>
      {dash.isError && <ErrorAlert error={dash.error} onRetry={() => void dash.refetch()} />}
      {dash.isPending && <PageSkeleton rows={10} />}
      {dash.data && (
        <Row gutter={[12, 12]} style={{ opacity: dash.isFetching ? 0.6 : 1 }}>
          <Col xs={24}>
            <DashboardCard
              title={t('ops.dash.cancellations', { n: dash.data.cancellations.total })}
            >
              <CancellationsChart
                data={dash.data.cancellations}
                from={filters.from}
                to={filters.to}
              />
            </DashboardCard>
          </Col>
          <Col xs={24} xl={12}>
            <DashboardCard title={t('ops.dash.products')}>
              <ProductRateChart data={dash.data.products} />
            </DashboardCard>
          </Col>
          <Col xs={24} xl={12}>
            <DashboardCard title={t('ops.dash.refundTimes')}>
              <RefundTimeChart data={dash.data.refundTimes} />
            </DashboardCard>
          </Col>
          <Col xs={24} xl={12}>
            <DashboardCard title={t('ops.dash.slaTitle')}>
              <SlaChart data={dash.data.sla} />
            </DashboardCard>
          </Col>
          <Col xs={24} xl={12}>
            <DashboardCard title={t('ops.dash.problems')}>
              <RefundProblems data={dash.data.problems} />
            </DashboardCard>
          </Col>
        </Row>
      )}
    </Flex>
  );
}

export default function DashboardPage() {
  return (
    <RoleGate roles={['operator', 'merchant']}>
      <Dashboard />
    </RoleGate>
  );
}
