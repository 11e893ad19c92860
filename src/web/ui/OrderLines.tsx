// The lines of an order: picture, title, option, unit price × quantity.
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../contracts/index.js';
import { useLocalized } from './format.js';
import { Price } from './Price.js';
import { ProductImage } from './ProductImage.js';

export function OrderLines({ lines }: { lines: OrderSummary['lines'] }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  return (
    <Flex vertical>
      {lines.map((l) => {
        const title = pick(l.title, l.titleEn);
        return (
          <Flex key={l.id} gap={10} align="start" style={{ padding: '8px 0' }}>
            <ProductImage src={l.imageUrl} alt={title} size={64} />
            <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text className="btp-clamp-2">{title}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pick(l.variantName, l.variantNameEn)}
                {l.qtyCancelled > 0
                  ? ` · ${t('detail.cancelledQty', { count: l.qtyCancelled })}`
                  : ''}
              </Typography.Text>
            </Flex>
            <Flex vertical align="end" style={{ flex: '0 0 auto' }}>
              <Price fen={l.unitPriceFen} size="small" muted />
              <Typography.Text type="secondary">
                {t('common.times', { count: l.qtyOrdered })}
              </Typography.Text>
            </Flex>
          </Flex>
        );
      })}
    </Flex>
  );
}
