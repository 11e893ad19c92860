// A merchant's view of one order: status, actions from merchantActions, an open after-sales case
// (同意 / 拒绝 / 确认收货), an address change to answer, 补偿, lines, receiver, timeline.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMerchantOrder } from '../api/merchant.js';
import { LinkButton } from '../ui/AppLink.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { LinesCard, OrderInfoCard, TimelineCard } from '../ui/OrderSections.js';
import { SupportHistoryCard } from '../support/SupportHistoryCard.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { MerchantOrderAfterSales } from './AfterSalesQueuePage.js';
import { PendingRequestCard } from './CancellationRequests.js';
import { MerchantAddressChangeCard } from './MerchantAddressChange.js';
import { MerchantActions } from './MerchantActions.js';
import { RoleGate } from './StaffLayout.js';
import { StaffRefundActions } from './StaffRefundActions.js';

function Detail() {
  const { t } = useTranslation();
  const orderNo = useParams().orderNo ?? '';
  const order = useMerchantOrder(orderNo);
  if (order.isPending) return <PageSkeleton rows={10} />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  const o = order.data;
  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8} wrap>
        <LinkButton type="text" icon={<ArrowLeftOutlined />} to="/staff/orders">
          {t('staff.back')}
        </LinkButton>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('staff.detail')}
        </Typography.Title>
      </Flex>
      <Card size="small">
        <Flex align="center" justify="space-between" gap={12} wrap>
          <Flex align="center" gap={8}>
            <Typography.Text strong>{t('staff.status')}</Typography.Text>
            <OrderStatusTag status={o.status} preparing={o.preparing} />
          </Flex>
          <Flex gap={8} wrap>
            <MerchantActions orderNo={o.orderNo} actions={o.merchantActions} size="middle" />
            <StaffRefundActions orderNo={o.orderNo} scope="merchant" />
          </Flex>
        </Flex>
      </Card>
      <PendingRequestCard order={o} />
      {o.status === 'awaiting_shipment' && <MerchantAddressChangeCard orderNo={o.orderNo} />}
      <MerchantOrderAfterSales order={o} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={12}>
            <LinesCard order={o} />
            <TimelineCard order={o} />
            <SupportHistoryCard orderNo={o.orderNo} staff />
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <OrderInfoCard order={o} />
        </Col>
      </Row>
    </Flex>
  );
}

export function MerchantOrderDetailPage() {
  return (
    <RoleGate roles={['merchant']}>
      <Detail />
    </RoleGate>
  );
}
