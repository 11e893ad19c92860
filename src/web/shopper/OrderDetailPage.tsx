// 订单详情: status banner with exactly the actions the server allows (修改地址 among them while
// 待发货, 申请价保 within the 价保 period of a paid order), lines and amounts,
// 退款信息 (each refund linking to its page), 申请售后 and the after-sales case once shipped,
// payment, delivery, receiver, timeline. After the payment page (?paid=1) it polls until paid;
// from checkout with a channel whose handoff shows here (?pay=wechatpay: a QR code) it starts it.
import { Alert, App, Button, Col, Flex, Row, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type {
  AddressChangeOptions,
  CancellationOptions,
  OrderDetail,
} from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useConfirmReceipt, useOrder } from '../api/orders.js';
import type { PaymentChannelName } from '../api/payments.js';
import { PayButton } from './pay/PayButton.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { LinesCard, OrderInfoCard, TimelineCard } from '../ui/OrderSections.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import {
  AddressChangeButton,
  AddressChangeNotices,
  useOrderAddressChange,
} from './OrderAddressChange.js';
import { OrderAfterSales } from './OrderAfterSales.js';
import {
  PriceProtectionButton,
  priceProtectionOpen,
  useOrderPriceProtection,
} from './OrderPriceProtection.js';
import type { PriceProtectionQuote } from '../api/price-protection.js';
import { CancelActions, CancelNotices, useOrderCancellation } from './OrderCancellation.js';
import { RefundsCard } from './OrderRefunds.js';
import { OrderExportCard } from './OrderExport.js';
import { ContactSupportButton } from '../support/ContactSupportButton.js';
import { useOffline } from '../offline/status.js';
import { SupportHistoryCard } from '../support/SupportHistoryCard.js';

/** `?pay=` names the channel to open at once (checked here: zod stays out of the browser). */
const PAY_CHANNELS: readonly PaymentChannelName[] = ['sandbox', 'alipay', 'wechatpay', 'unionpay'];

const POLL_MS = 1000;
const POLL_LIMIT_MS = 20_000;

function bannerKey(o: OrderDetail): string {
  if (o.status === 'awaiting_shipment' && o.preparing) return 'preparing';
  if (o.status === 'shipped' && o.delivered) return 'delivered';
  return o.status;
}

function StatusBanner({
  order,
  options,
  autoPay,
  onAutoPayStarted,
  address,
  priceQuote,
}: {
  order: OrderDetail;
  options: CancellationOptions | undefined;
  autoPay: PaymentChannelName | undefined;
  onAutoPayStarted: () => void;
  address: AddressChangeOptions | undefined;
  priceQuote: PriceProtectionQuote | undefined;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const confirm = useConfirmReceipt(order.orderNo);
  const offline = useOffline();

  const confirmReceipt = () => {
    modal.confirm({
      title: t('detail.confirmReceiptTitle'),
      content: t('detail.confirmReceiptBody'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () =>
        confirm.mutateAsync().then(
          () => void message.success(t('detail.received')),
          (err: unknown) => void message.error(errorMessage(err)),
        ),
    });
  };

  return (
    <div
      style={{
        background: 'linear-gradient(100deg, #d43f00 0%, #b83800 100%)',
        color: '#fff',
        borderRadius: 8,
        padding: '16px 18px',
      }}
    >
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
              {t(`detail.banner.${bannerKey(order)}`)}
            </Typography.Title>
            <OrderStatusTag status={order.status} preparing={order.preparing} />
          </Flex>
          {order.status === 'pending_payment' && (
            <span style={{ opacity: 0.9 }}>
              {t('detail.deadline', { time: formatDateTime(order.paymentDeadline) })}
            </span>
          )}
        </Flex>
        {!offline &&
          (order.shopperActions.length > 0 ||
            order.status === 'cancelled' ||
            (options?.mode ?? null) !== null ||
            (address?.mode ?? null) !== null ||
            priceProtectionOpen(priceQuote, Date.now())) && (
            <Flex gap={8} wrap>
              {order.shopperActions.includes('pay') && (
                <PayButton order={order} autoStart={autoPay} onAutoStarted={onAutoPayStarted} />
              )}
              {order.shopperActions.includes('confirm_receipt') && (
                <Button
                  size="large"
                  style={{ color: '#c73c00', fontWeight: 600 }}
                  loading={confirm.isPending}
                  onClick={confirmReceipt}
                >
                  {t('detail.confirmReceipt')}
                </Button>
              )}
              <AddressChangeButton order={order} options={address} />
              <PriceProtectionButton order={order} quote={priceQuote} />
              <CancelActions order={order} options={options} />
            </Flex>
          )}
      </Flex>
    </div>
  );
}

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orderNo = useParams().orderNo ?? '';
  const [params, setParams] = useSearchParams();
  const [checking, setChecking] = useState(params.get('paid') === '1');
  const [slow, setSlow] = useState(false);
  const order = useOrder(orderNo, checking ? POLL_MS : false);
  const status = order.data?.status;
  const cancellation = useOrderCancellation(order.data);
  const address = useOrderAddressChange(order.data);
  const priceProtection = useOrderPriceProtection(order.data);
  const offline = useOffline();
  const askedPay = params.get('pay');
  const autoPay = PAY_CHANNELS.find((c) => c === askedPay);
  const autoPayStarted = useCallback(() => setParams({}, { replace: true }), [setParams]);

  // Back from the payment page: wait for the webhook to mark the order paid.
  useEffect(() => {
    if (!checking || !status || status === 'pending_payment') return;
    setChecking(false);
    if (status !== 'cancelled') void message.success(t('detail.paidOk'));
    setParams({}, { replace: true });
  }, [checking, status, message, t, setParams]);

  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => {
      setChecking(false);
      setSlow(true);
      setParams({}, { replace: true });
    }, POLL_LIMIT_MS);
    return () => clearTimeout(timer);
  }, [checking, setParams]);

  if (order.isPending) return <PageSkeleton rows={10} />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  const o = order.data;

  return (
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('detail.title')}
        </Typography.Title>
        <ContactSupportButton orderNo={o.orderNo} />
      </Flex>
      {checking && (
        <Alert
          type="info"
          showIcon
          icon={<Spin size="small" />}
          title={t('detail.paidChecking')}
          role="status"
        />
      )}
      {slow && o.status === 'pending_payment' && (
        <Alert type="warning" showIcon title={t('detail.paidSlow')} closable />
      )}
      <StatusBanner
        order={o}
        options={cancellation.data}
        autoPay={autoPay}
        onAutoPayStarted={autoPayStarted}
        address={address.data}
        priceQuote={priceProtection.data}
      />
      <CancelNotices order={o} options={cancellation.data} />
      <AddressChangeNotices order={o} options={address.data} />
      <OrderAfterSales order={o} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={12}>
            <LinesCard order={o} />
            <RefundsCard order={o} />
            <TimelineCard order={o} />
            <SupportHistoryCard orderNo={o.orderNo} staff={false} />
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={12}>
            <OrderInfoCard order={o} />
            {!offline && <OrderExportCard orderNo={o.orderNo} />}
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
