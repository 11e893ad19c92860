// 售后记录 (/after-sales): the shopper's after-sales cases, newest first, each with its status,
// 仅退款 / 退货退款, the items and reason, what happens next, and links to the order and refund.
import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatYuan } from '../../domain/money.js';
import { useCaseOrderLines, useMyAfterSales } from '../api/after-sales.js';
import { LinkButton } from '../ui/AppLink.js';
import { afterSalesReasonText, AfterSalesStatusTag } from '../ui/after-sales-text.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderNo } from '../ui/OrderNo.js';
import { useCaseItems } from './OrderAfterSales.js';

export function AfterSalesListPage() {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const cases = useMyAfterSales();
  const items = cases.data?.items ?? [];
  const lines = useCaseOrderLines(
    items.map((c) => c.orderNo),
    'shopper',
  );
  const describe = useCaseItems();

  return (
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('afterSales.records')}
        </Typography.Title>
        <Link to="/orders?tab=after_sales">{t('afterSales.toOrdersTab')}</Link>
      </Flex>
      <Typography.Text type="secondary">{t('afterSales.recordsNote')}</Typography.Text>
      {cases.isPending && <PageSkeleton rows={6} />}
      {cases.isError && <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />}
      {cases.isSuccess && items.length === 0 && (
        <EmptyState description={t('afterSales.empty')}>
          <LinkButton type="primary" to="/orders?tab=completed">
            {t('afterSales.goOrders')}
          </LinkButton>
        </EmptyState>
      )}
      {items.map((c) => (
        <Card
          key={c.id}
          size="small"
          title={
            <Flex align="center" gap={8} wrap style={{ paddingBlock: 6 }}>
              <AfterSalesStatusTag status={c.status} />
              <Typography.Text strong>{t(`afterSales.kind.${c.kind}`)}</Typography.Text>
            </Flex>
          }
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.createdAt)}
            </Typography.Text>
          }
        >
          <Flex vertical gap={6}>
            <OrderNo orderNo={c.orderNo} />
            <Typography.Text>{describe(c, lines.get(c.orderNo))}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('afterSales.reasonIs', { reason: afterSalesReasonText(c, t, en) })}
            </Typography.Text>
            <Typography.Text style={{ fontSize: 13 }}>
              {t(`afterSales.statusNote.${c.status}`)}
              {c.status === 'rejected' && c.decisionReason
                ? ` · ${t('afterSales.rejectedReason', { reason: c.decisionReason })}`
                : ''}
            </Typography.Text>
            <Flex align="center" justify="space-between" gap={8} wrap>
              {c.status === 'completed' && c.refundFen !== null ? (
                <Typography.Text>
                  {t('afterSales.refunded', { amount: formatYuan(c.refundFen) })}
                  {c.refundId !== null && (
                    <>
                      {' '}
                      <Link to={`/refunds/${c.refundId}`}>{t('detail.viewRefund')}</Link>
                    </>
                  )}
                </Typography.Text>
              ) : (
                <span />
              )}
              <Link
                to={`/orders/${c.orderNo}`}
                aria-label={`${t(c.status === 'awaiting_return' ? 'afterSales.goReturn' : 'afterSales.viewOrder')} ${c.orderNo}`}
                style={{ whiteSpace: 'nowrap' }}
              >
                {t(c.status === 'awaiting_return' ? 'afterSales.goReturn' : 'afterSales.viewOrder')}{' '}
                <RightOutlined style={{ fontSize: 10 }} />
              </Link>
            </Flex>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
