// Home: shop filter and a grid of products; the header search sets ?q=.
import { Button, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useProducts, useShops } from '../api/catalog.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';
import { ProductCard } from './ProductCard.js';

export function HomePage() {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const shopParam = Number(params.get('shop'));
  const shopId = Number.isInteger(shopParam) && shopParam > 0 ? shopParam : undefined;
  const shops = useShops();
  const products = useProducts(q, shopId);
  const items = products.data?.pages.flatMap((p) => p.items) ?? [];

  const setShop = (id: number | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('shop', String(id));
    else next.delete('shop');
    setParams(next);
  };

  return (
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {q ? t('home.searchResult', { q }) : t('home.recommended')}
        </Typography.Title>
        {q && (
          <LinkButton size="small" to="/">
            {t('home.clearSearch')}
          </LinkButton>
        )}
      </Flex>
      {(shops.data?.items.length ?? 0) > 1 && (
        <Flex gap={6} wrap role="group" aria-label={t('home.shops')}>
          <Tag.CheckableTag checked={!shopId} onChange={() => setShop(undefined)}>
            {t('home.allShops')}
          </Tag.CheckableTag>
          {shops.data?.items.map((s) => (
            <Tag.CheckableTag key={s.id} checked={shopId === s.id} onChange={() => setShop(s.id)}>
              {pick(s.name, s.nameEn)}
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
      {products.isError && (
        <ErrorAlert error={products.error} onRetry={() => void products.refetch()} />
      )}
      {products.isPending ? (
        <PageSkeleton rows={8} />
      ) : items.length === 0 && !products.isError ? (
        <EmptyState description={t('home.empty')} />
      ) : (
        <Row gutter={[12, 12]}>
          {items.map((p) => (
            <Col key={p.id} xs={12} sm={8} md={6} xl={4}>
              <ProductCard product={p} />
            </Col>
          ))}
        </Row>
      )}
      {products.hasNextPage && (
        <Flex justify="center">
          <Button
            onClick={() => void products.fetchNextPage()}
            loading={products.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
