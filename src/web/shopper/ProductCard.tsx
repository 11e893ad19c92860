// One product in the home grid: picture, title, price, shop, policy tag.
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProductSummary } from '../../contracts/index.js';
import { useLocalized } from '../ui/format.js';
import { PolicyTag } from '../ui/PolicyNote.js';
import { Price } from '../ui/Price.js';
import { ProductImage } from '../ui/ProductImage.js';

export function ProductCard({ product }: { product: ProductSummary }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const title = pick(product.title, product.titleEn);
  return (
    <Link to={`/products/${product.id}`} className="btp-card-link">
      <Card
        hoverable
        size="small"
        style={{ height: '100%', overflow: 'hidden' }}
        styles={{ body: { padding: 10 } }}
        cover={<ProductImage src={product.imageUrl} alt={title} style={{ borderRadius: 0 }} />}
      >
        <Typography.Text
          className="btp-clamp-2 btp-product-title"
          style={{ minHeight: 44, fontSize: 14 }}
        >
          {title}
        </Typography.Text>
        <Flex align="baseline" justify="space-between" gap={4} wrap style={{ marginTop: 6 }}>
          <Price fen={product.minPriceFen} size="medium" />
          {!product.inStock && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('home.soldOut')}
            </Typography.Text>
          )}
        </Flex>
        <Flex align="center" justify="space-between" gap={4} style={{ marginTop: 6 }}>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0 }}>
            {pick(product.shop.name, product.shop.nameEn)}
          </Typography.Text>
          <PolicyTag policy={product.policy} />
        </Flex>
      </Card>
    </Link>
  );
}
