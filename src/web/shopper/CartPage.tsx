// Cart: items grouped by shop, quantity steppers, remove, select, 去结算.
import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CartItemView } from '../../contracts/index.js';
import { useCart, useRemoveCartItem, useSetCartItem } from '../api/cart.js';
import { errorMessage } from '../api/client.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import { ProductImage } from '../ui/ProductImage.js';
import { QuantityStepper } from './QuantityStepper.js';

export function groupByShop<T extends { shopId: number }>(items: T[]): [number, T[]][] {
  const groups = new Map<number, T[]>();
  for (const item of items) groups.set(item.shopId, [...(groups.get(item.shopId) ?? []), item]);
  return [...groups.entries()];
}

function CartLine({
  item,
  checked,
  onCheck,
}: {
  item: CartItemView;
  checked: boolean;
  onCheck: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const { message } = App.useApp();
  const setItem = useSetCartItem();
  const remove = useRemoveCartItem();
  const title = pick(item.title, item.titleEn);
  const onError = (err: unknown) => void message.error(errorMessage(err));
  return (
    <Flex gap={10} align="start" style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
      <Checkbox
        checked={checked}
        onChange={(e) => onCheck(e.target.checked)}
        aria-label={t('cart.selectItem', { title })}
        style={{ marginTop: 28 }}
      />
      <Link to={`/products/${item.productId}`}>
        <ProductImage src={item.imageUrl} alt={title} size={80} />
      </Link>
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Link to={`/products/${item.productId}`} style={{ color: 'inherit' }}>
          <Typography.Text className="btp-clamp-2">{title}</Typography.Text>
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {pick(item.variantName, item.variantNameEn)}
          {item.stockAvailable > 0 && item.stockAvailable <= 5
            ? ` · ${t('cart.lowStock', { count: item.stockAvailable })}`
            : ''}
        </Typography.Text>
        <Flex align="center" justify="space-between" gap={8} wrap>
          <Price fen={item.unitPriceFen} size="small" />
          <Flex align="center" gap={4}>
            <QuantityStepper
              value={item.quantity}
              max={Math.min(99, Math.max(item.stockAvailable, item.quantity))}
              label={t('cart.quantityOf', { title })}
              onCommit={(quantity) =>
                setItem.mutate({ variantId: item.variantId, quantity }, { onError })
              }
            />
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(item.variantId, {
                  onSuccess: () => void message.success(t('cart.removed')),
                  onError,
                })
              }
            >
              {t('cart.remove')}
            </Button>
          </Flex>
        </Flex>
      </Flex>
    </Flex>
  );
}

export function CartPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const cart = useCart();
  const items = useMemo(() => cart.data?.items ?? [], [cart.data]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const initialised = useRef(false);

  // Select everything on first load; afterwards drop ids that left the cart.
  useEffect(() => {
    const data = cart.data;
    if (!data) return;
    setSelected((prev) => {
      if (!initialised.current) {
        initialised.current = true;
        return new Set(data.items.filter((i) => i.stockAvailable > 0).map((i) => i.variantId));
      }
      return new Set(data.items.map((i) => i.variantId).filter((id) => prev.has(id)));
    });
  }, [cart.data]);

  if (cart.isPending) return <PageSkeleton />;
  if (cart.isError) return <ErrorAlert error={cart.error} onRetry={() => void cart.refetch()} />;

  const toggle = (ids: number[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const chosen = items.filter((i) => selected.has(i.variantId));
  const totalFen = chosen.reduce((n, i) => n + i.unitPriceFen * i.quantity, 0);
  const count = chosen.reduce((n, i) => n + i.quantity, 0);
  const allIds = items.map((i) => i.variantId);
  const allChecked = items.length > 0 && chosen.length === items.length;

  const checkout = () => {
    if (chosen.length === 0) {
      void message.warning(t('cart.noneSelected'));
      return;
    }
    void navigate(`/checkout?items=${chosen.map((i) => i.variantId).join(',')}`);
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('cart.title')}
      </Typography.Title>
      {items.length === 0 ? (
        <Card>
          <EmptyState description={t('cart.empty')}>
            <LinkButton type="primary" to="/">
              {t('cart.goShopping')}
            </LinkButton>
          </EmptyState>
        </Card>
      ) : (
        <>
          {groupByShop(items).map(([shopId, lines]) => {
            const ids = lines.map((l) => l.variantId);
            const shopChecked = ids.every((id) => selected.has(id));
            const some = ids.some((id) => selected.has(id));
            const shopName = lines[0]?.shopName ?? '';
            return (
              <Card key={shopId} size="small" styles={{ body: { paddingBlock: 4 } }}>
                <Flex align="center" gap={10} style={{ padding: '8px 0' }}>
                  <Checkbox
                    checked={shopChecked}
                    indeterminate={some && !shopChecked}
                    onChange={(e) => toggle(ids, e.target.checked)}
                    aria-label={t('cart.selectShop', { shop: shopName })}
                  />
                  <Typography.Text strong>{shopName}</Typography.Text>
                </Flex>
                {lines.map((item) => (
                  <CartLine
                    key={item.variantId}
                    item={item}
                    checked={selected.has(item.variantId)}
                    onCheck={(on) => toggle([item.variantId], on)}
                  />
                ))}
              </Card>
            );
          })}
          <Card
            size="small"
            style={{
              position: 'sticky',
              bottom: 0,
              zIndex: 10,
              boxShadow: '0 -2px 8px rgba(0,0,0,0.06)',
            }}
          >
            <Flex align="center" justify="space-between" gap={8}>
              <Checkbox
                checked={allChecked}
                indeterminate={chosen.length > 0 && !allChecked}
                onChange={(e) => toggle(allIds, e.target.checked)}
              >
                {t('cart.selectAll')}
              </Checkbox>
              <Flex align="center" gap={10}>
                <Flex vertical align="end">
                  <span>
                    {t('cart.total')}: <Price fen={totalFen} />
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cart.selected', { count })}
                  </Typography.Text>
                </Flex>
                <Button
                  type="primary"
                  size="large"
                  shape="round"
                  onClick={checkout}
                  disabled={chosen.length === 0}
                >
                  {t('cart.checkout')}
                </Button>
              </Flex>
            </Flex>
          </Card>
        </>
      )}
    </Flex>
  );
}
