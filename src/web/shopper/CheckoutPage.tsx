// Checkout: items by shop, delivery address, totals, 提交订单 → pay (one order) or 待付款 list.
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { normaliseMobile } from '../../domain/validation.js';
import { useCart } from '../api/cart.js';
import { useProduct } from '../api/catalog.js';
import { errorMessage } from '../api/client.js';
import { newIdempotencyKey, useIdempotencyKey } from '../api/idempotency.js';
import { usePlaceOrder, useQuote, type PlaceOrderBody } from '../api/orders.js';
import { payOrder, useOfferedChannels, type PaymentChannelName } from '../api/payments.js';
import { useUser } from '../api/session.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { PolicyNote } from '../ui/PolicyNote.js';
import { Price } from '../ui/Price.js';
import { ProductImage } from '../ui/ProductImage.js';
import { mobileRule } from '../ui/validators.js';
import { loadAddress, saveAddress, type AddressDraft } from './address-memory.js';
import { groupByShop } from './CartPage.js';
import { ChannelChoice } from './pay/ChannelChoice.js';
import { followHandoff, payScene } from './pay/handoff.js';
import { CheckoutCoupons } from './CheckoutCoupons.js';
import { CheckoutTotals } from './CheckoutTotals.js';
import {
  lineFromProduct,
  linesFromCart,
  parseCheckoutSource,
  type CheckoutLine,
} from './checkout-lines.js';

function LineRow({ line }: { line: CheckoutLine }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const title = pick(line.title, line.titleEn);
  return (
    <Flex gap={10} align="start" style={{ padding: '10px 0', borderTop: '1px solid #f0f0f0' }}>
      <ProductImage src={line.imageUrl} alt={title} size={64} />
      <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text className="btp-clamp-2">{title}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {pick(line.variantName, line.variantNameEn)}
        </Typography.Text>
        {line.policy && <PolicyNote policy={line.policy} compact />}
      </Flex>
      <Flex vertical align="end" style={{ flex: '0 0 auto' }}>
        <Price fen={line.unitPriceFen} size="small" />
        <Typography.Text type="secondary">
          {t('common.times', { count: line.quantity })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

export function CheckoutPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const user = useUser();
  const source = useMemo(() => parseCheckoutSource(params), [params]);
  const cart = useCart(source.kind === 'cart');
  const product = useProduct(source.kind === 'product' ? source.productId : 0);
  const place = usePlaceOrder();
  const idem = useIdempotencyKey();
  const [paying, setPaying] = useState(false);
  const [form] = Form.useForm<AddressDraft>();
  const offered = useOfferedChannels();
  const [picked, setPicked] = useState<PaymentChannelName>();
  // undefined until the shopper changes a coupon: the server's best pick stands.
  const [couponIds, setCouponIds] = useState<number[]>();
  const channels = offered.data?.channels ?? [];
  // The shopper's pick while it is still offered, else the operator's default (the first).
  const channel = picked && channels.includes(picked) ? picked : channels[0];

  const initialAddress = useMemo<Partial<AddressDraft>>(() => {
    if (!user) return {};
    return { name: user.displayName, phone: user.mobile, ...loadAddress(user.id) };
  }, [user]);

  const query = source.kind === 'cart' ? cart : product;
  const lines =
    source.kind === 'cart'
      ? cart.data
        ? linesFromCart(cart.data, source.variantIds)
        : []
      : source.kind === 'product' && product.data
        ? lineFromProduct(product.data, source.variantId, source.quantity)
        : [];
  const quote = useQuote(
    lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    couponIds,
  );
  if (source.kind === 'invalid') {
    return (
      <EmptyState description={t('checkout.nothing')}>
        <LinkButton to="/cart">{t('cart.title')}</LinkButton>
      </EmptyState>
    );
  }
  if (query.isPending) return <PageSkeleton rows={8} />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  if (lines.length === 0) {
    return (
      <EmptyState description={t('checkout.nothing')}>
        <LinkButton to="/cart">{t('cart.title')}</LinkButton>
      </EmptyState>
    );
  }
  const groups = groupByShop(lines);
  const goodsFen = lines.reduce((n, l) => n + l.unitPriceFen * l.quantity, 0);

  // One order: straight on to the chosen channel (a QR code is shown on the order's page).
  const goPay = async (orderNo: string) => {
    setPaying(true);
    try {
      const answer = await payOrder(orderNo, newIdempotencyKey(), {
        ...(channel ? { provider: channel } : {}),
        scene: payScene(),
      });
      if (answer.handoff?.kind === 'qr')
        void navigate(`/orders/${orderNo}?pay=${answer.provider ?? ''}`, { replace: true });
      else followHandoff(answer);
    } catch (err) {
      setPaying(false);
      void message.error(errorMessage(err));
      void navigate(`/orders/${orderNo}`, { replace: true });
    }
  };

  const submit = (values: AddressDraft) => {
    const address = {
      name: values.name.trim(),
      phone: normaliseMobile(values.phone),
      address: values.address.trim(),
    };
    const body: PlaceOrderBody = {
      items: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      fromCart: source.kind === 'cart',
      address,
      // The shopper's choice, else the best pick the totals were priced with.
      couponIds: couponIds ?? quote.data?.couponIds ?? [],
    };
    place.mutate(
      { body, key: idem.keyFor(body) },
      {
        onSuccess: ({ orders }) => {
          idem.reset();
          if (user) saveAddress(user.id, address);
          const only = orders.length === 1 ? orders[0] : undefined;
          if (!only) {
            void message.success(t('checkout.created', { count: orders.length }));
            void navigate('/orders?tab=pending_payment', { replace: true });
            return;
          }
          void goPay(only.orderNo);
        },
      },
    );
  };

  return (
    <Spin spinning={paying} tip={t('checkout.redirecting')}>
      <Flex vertical gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('checkout.title')}
        </Typography.Title>
        <Form
          form={form}
          layout="vertical"
          initialValues={initialAddress}
          onFinish={submit}
          requiredMark={false}
          scrollToFirstError
        >
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={16}>
              <Flex vertical gap={12}>
                <Card title={t('checkout.addressTitle')} size="small">
                  <Row gutter={12}>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name="name"
                        label={t('checkout.name')}
                        rules={[
                          {
                            required: true,
                            whitespace: true,
                            max: 40,
                            message: t('checkout.nameRequired'),
                          },
                        ]}
                      >
                        <Input autoComplete="name" maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name="phone"
                        label={t('checkout.phone')}
                        rules={[mobileRule(t('auth.invalidMobile'))]}
                      >
                        <Input autoComplete="tel" inputMode="tel" maxLength={20} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item
                    name="address"
                    label={t('checkout.address')}
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        min: 5,
                        max: 200,
                        message: t('checkout.addressRequired'),
                      },
                    ]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input.TextArea
                      autoComplete="street-address"
                      placeholder={t('checkout.addressPlaceholder')}
                      autoSize={{ minRows: 2, maxRows: 4 }}
                      maxLength={200}
                    />
                  </Form.Item>
                </Card>
                {groups.length > 1 && (
                  <Alert
                    type="info"
                    showIcon
                    title={t('checkout.split', { count: groups.length })}
                  />
                )}
                {groups.map(([shopId, shopLines]) => (
                  <Card key={shopId} size="small" title={shopLines[0]?.shopName}>
                    {shopLines.map((l) => (
                      <LineRow key={l.variantId} line={l} />
                    ))}
                  </Card>
                ))}
                {quote.data && (
                  <CheckoutCoupons
                    quote={quote.data}
                    selected={couponIds ?? quote.data.couponIds}
                    onChange={setCouponIds}
                  />
                )}
                {channels.length > 0 && (
                  <Card size="small" title={t('pay.method')} data-testid="checkout-pay-channel">
                    <ChannelChoice channels={channels} value={channel} onChange={setPicked} />
                  </Card>
                )}
              </Flex>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" style={{ position: 'sticky', top: 90 }}>
                <Flex vertical gap={8}>
                  <CheckoutTotals quote={quote.data} goodsFen={goodsFen} />
                  {quote.isError && <ErrorAlert error={quote.error} />}
                  {place.isError && <ErrorAlert error={place.error} />}
                  <Button
                    type="primary"
                    size="large"
                    block
                    htmlType="submit"
                    loading={place.isPending || paying}
                  >
                    {t('checkout.submit')}
                  </Button>
                </Flex>
              </Card>
            </Col>
          </Row>
        </Form>
      </Flex>
    </Spin>
  );
}
