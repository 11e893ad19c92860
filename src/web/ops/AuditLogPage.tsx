// 审计日志: every recorded change, newest first, filtered by order number, actor and days.
import { Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuditTrail, type AuditFilters } from '../api/ops.js';
import { ErrorAlert } from '../ui/feedback.js';
import { AuditTable } from './AuditTable.js';
import { RoleGate } from './StaffLayout.js';

/** A Shanghai day to the instant it starts (or the next day starts, for `to`). */
export function dayStart(day: string, next = false): string {
  const d = new Date(`${day}T00:00:00+08:00`);
  if (next) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

interface Values {
  orderNo?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function toFilters(v: Values): AuditFilters {
  return {
    ...(v.orderNo?.trim() ? { orderNo: v.orderNo.trim() } : {}),
    ...(v.actor?.trim() ? { actor: v.actor.trim() } : {}),
    ...(v.from ? { from: dayStart(v.from) } : {}),
    ...(v.to ? { to: dayStart(v.to, true) } : {}),
  };
}

function AuditLog() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const initial: Values = { orderNo: params.get('orderNo') ?? '' };
  const [filters, setFilters] = useState<AuditFilters>(toFilters(initial));
  const trail = useAuditTrail(filters);
  const rows = trail.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('ops.audit.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('ops.audit.note')}</Typography.Text>
      <Card size="small">
        <Form<Values>
          layout="vertical"
          initialValues={initial}
          onFinish={(v) => setFilters(toFilters(v))}
        >
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="orderNo" label={t('ops.search.orderNo')}>
                <Input allowClear maxLength={18} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="actor" label={t('ops.audit.actorFilter')}>
                <Input allowClear placeholder={t('ops.audit.actorPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="from" label={t('ops.search.from')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="to" label={t('ops.search.to')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label=" ">
                <Button type="primary" htmlType="submit" block>
                  {t('common.search')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {trail.isError && <ErrorAlert error={trail.error} onRetry={() => void trail.refetch()} />}
      <Card size="small">
        <AuditTable
          rows={rows}
          loading={trail.isPending}
          showOrder
          hasMore={trail.hasNextPage}
          onMore={() => void trail.fetchNextPage()}
          loadingMore={trail.isFetchingNextPage}
        />
      </Card>
    </Flex>
  );
}

export function AuditLogPage() {
  return (
    <RoleGate roles={['operator', 'agent', 'merchant']}>
      <AuditLog />
    </RoleGate>
  );
}
