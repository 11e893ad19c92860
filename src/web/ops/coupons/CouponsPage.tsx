// 优惠券 (operators: platform coupons; merchants: their shop's): the coupons created here with
// their terms and validity, 新建优惠券, and 发放 to shoppers by email or mobile.
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponView } from '../../../contracts/index.js';
import { useUser } from '../../api/session.js';
import { useStaffCoupons, type CouponDesk } from '../../api/staff-coupons.js';
import { EmptyState, ErrorAlert } from '../../ui/feedback.js';
import { formatDateTime } from '../../ui/format.js';
import { RoleGate } from '../StaffLayout.js';
import { CreateCouponDialog } from './CreateCouponDialog.js';
import { IssueCouponDialog } from './IssueCouponDialog.js';

function Coupons({ desk }: { desk: CouponDesk }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const list = useStaffCoupons(desk);
  const [creating, setCreating] = useState(false);
  const [issuing, setIssuing] = useState<CouponView | null>(null);
  const rows = list.data?.items ?? [];
  const columns: TableColumnsType<CouponView> = [
    {
      title: t('staffCoupons.name'),
      key: 'title',
      render: (_v, c) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{en ? c.titleEn : c.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {en ? c.terms.en : c.terms.zh}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('staffCoupons.scope'),
      dataIndex: 'scope',
      render: (scope: CouponView['scope']) => (
        <Tag color={scope === 'platform' ? 'orange' : 'blue'}>
          {t(`staffCoupons.scopes.${scope}`)}
        </Tag>
      ),
    },
    {
      title: t('staffCoupons.validity'),
      key: 'validity',
      render: (_v, c) => `${formatDateTime(c.validFrom)} – ${formatDateTime(c.validUntil)}`,
    },
    {
      title: t('staffCoupons.actions'),
      key: 'actions',
      render: (_v, c) => (
        <Button
          size="small"
          aria-label={`${t('staffCoupons.issue')} ${en ? c.titleEn : c.title}`}
          disabled={Date.parse(c.validUntil) < Date.now()}
          onClick={() => setIssuing(c)}
        >
          {t('staffCoupons.issue')}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <Flex vertical gap={4}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('staffCoupons.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t(desk === 'ops' ? 'staffCoupons.noteOps' : 'staffCoupons.noteMerchant')}
          </Typography.Text>
        </Flex>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('staffCoupons.createTitle')}
        </Button>
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<CouponView>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: <EmptyState description={t('staffCoupons.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
      <CreateCouponDialog desk={desk} open={creating} onClose={() => setCreating(false)} />
      {issuing && (
        <IssueCouponDialog desk={desk} coupon={issuing} onClose={() => setIssuing(null)} />
      )}
    </Flex>
  );
}

export function CouponsPage() {
  const user = useUser();
  return (
    <RoleGate roles={['operator', 'merchant']}>
      <Coupons desk={user?.role === 'merchant' ? 'merchant' : 'ops'} />
    </RoleGate>
  );
}
