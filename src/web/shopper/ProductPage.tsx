// Product detail: picture, options, price, stock, the after-sales policy (before purchase),
// quantity, 加入购物车 and 一键下单.
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Flex,
  InputNumber,
  Radio,
  Row,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useProduct } from '../api/catalog.js';
import { useCart, useSetCartItem } from '../api/cart.js';
import { errorMessage } from '../api/client.js';
import { useUser } from '../api/session.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { loginPath } from '../ui/guards.js';
import { PolicyNote } from '../ui/PolicyNote.js';
import { Price } from '../ui/Price.js';
import { ProductImage } from '../ui/ProductImage.js';

const MAX_QTY = 99;

export function ProductPage() {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const id = Number(useParams().id);
  const product = useProduct(id);
  const user = useUser();
  const cart = useCart(user?.role === 'shopper');
  const setItem = useSetCartItem();
  const [variantId, setVariantId] = useState<number | null>(null);
  const [qty, setQty] = useState(1);

  // Preselect the first option in stock.
  useEffect(() => {
    const variants = product.data?.variants ?? [];
    if (variantId === null && variants.length > 0) {
      setVariantId((variants.find((v) => v.stockAvailable > 0) ?? variants[0])?.id ?? null);
    }
  }, [product.data, variantId]);

  if (product.isPending) return <PageSkeleton rows={10} />;
  if (product.isError) {
    return <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  }
  const p = product.data;
  if (!p) return <EmptyState description={t('product.notFound')} />;
  const variant = p.variants.find((v) => v.id === variantId) ?? p.variants[0];
  const title = pick(p.title, p.titleEn);
  const stock = variant?.stockAvailable ?? 0;
  const maxQty = Math.max(1, Math.min(MAX_QTY, stock));
  const quantity = Math.min(qty, maxQty);
  const canBuy = variant !== undefined && stock > 0;

  const requireShopper = (): boolean => {
    if (user) return true;
    void message.info(t('product.loginFirst'));
    void navigate(loginPath(location.pathname));
    return false;
  };

  const addToCart = () => {
    if (!variant || !requireShopper()) return;
    const inCart = cart.data?.items.find((i) => i.variantId === variant.id)?.quantity ?? 0;
    const next = Math.min(MAX_QTY, inCart + quantity);
    if (next === inCart) {
      void message.warning(t('product.cartLimit'));
      return;
    }
    setItem.mutate(
      { variantId: variant.id, quantity: next },
      {
        onSuccess: () => void message.success(t('product.added')),
        onError: (err) => void message.error(errorMessage(err)),
      },
    );
  };

  const buyNow = () => {
    if (!variant || !requireShopper()) return;
    void navigate(`/checkout?product=${p.id}&variant=${variant.id}&qty=${quantity}`);
  };

  return (
    <Flex vertical gap={12}>
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('app.name')}</Link> },
          { title: <Link to={`/?shop=${p.shop.id}`}>{pick(p.shop.name, p.shop.nameEn)}</Link> },
          { title },
        ]}
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Row gutter={[24, 16]}>
          <Col xs={24} md={10}>
            <ProductImage src={p.imageUrl} alt={title} />
          </Col>
          <Col xs={24} md={14}>
            <Flex vertical gap={14}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {title}
              </Typography.Title>
              <div style={{ background: '#fff2e8', borderRadius: 8, padding: '10px 14px' }}>
                <Flex align="baseline" gap={12} wrap>
                  <Typography.Text type="secondary">{t('product.price')}</Typography.Text>
                  <Price fen={variant?.priceFen ?? p.minPriceFen} size="large" />
                </Flex>
              </div>
              {p.variants.length > 0 && (
                <Flex gap={12} align="start">
                  <Typography.Text
                    type="secondary"
                    id="variant-label"
                    style={{ flex: '0 0 auto', paddingTop: 5 }}
                  >
                    {t('product.variant')}
                  </Typography.Text>
                  <Radio.Group
                    aria-labelledby="variant-label"
                    optionType="button"
                    value={variant?.id}
                    onChange={(e) => setVariantId(Number(e.target.value))}
                    style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
                    options={p.variants.map((v) => ({
                      value: v.id,
                      label: pick(v.name, v.nameEn),
                      disabled: v.stockAvailable <= 0,
                    }))}
                  />
                </Flex>
              )}
              <Flex gap={12} align="center" wrap>
                <Typography.Text type="secondary">
                  <label htmlFor="product-qty">{t('product.quantity')}</label>
                </Typography.Text>
                <InputNumber
                  id="product-qty"
                  mode="spinner"
                  min={1}
                  max={maxQty}
                  precision={0}
                  value={quantity}
                  onChange={(v) => setQty(typeof v === 'number' ? v : 1)}
                  disabled={!canBuy}
                  style={{ width: 132 }}
                />
                <Typography.Text type={stock > 0 ? 'secondary' : 'danger'}>
                  {stock > 0 ? t('product.stock', { count: stock }) : t('product.outOfStock')}
                </Typography.Text>
              </Flex>
              <PolicyNote policy={p.policy} />
              <Flex gap={12}>
                <Button
                  size="large"
                  color="primary"
                  variant="outlined"
                  onClick={addToCart}
                  loading={setItem.isPending}
                  disabled={!canBuy}
                  style={{ flex: 1, maxWidth: 200 }}
                >
                  {t('product.addToCart')}
                </Button>
                <Button
                  size="large"
                  type="primary"
                  onClick={buyNow}
                  disabled={!canBuy}
                  style={{ flex: 1, maxWidth: 200 }}
                >
                  {t('product.buyNow')}
                </Button>
              </Flex>
            </Flex>
          </Col>
        </Row>
      </Card>
      {p.description && (
        <Card title={t('product.description')} size="small">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {p.description}
          </Typography.Paragraph>
        </Card>
      )}
    </Flex>
  );
}
