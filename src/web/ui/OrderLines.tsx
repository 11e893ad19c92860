// The lines of an order: picture, title, option, unit price × quantity. Plain markup (no
// antd): 我的订单 shows it on a first visit.
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../contracts/index.js';
import { useLocalized } from './format.js';
import { Price } from './Price.js';
import { ProductImage } from './ProductImage.js';

export function OrderLines({ lines }: { lines: OrderSummary['lines'] }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  return (
    <div style={{ display: 'flex', flexDirection: 'column' }}>
      {lines.map((l) => {
        const title = pick(l.title, l.titleEn);
        return (
          <div
            key={l.id}
            style={{ display: 'flex', gap: 10, alignItems: 'flex-start', padding: '8px 0' }}
          >
            <ProductImage src={l.imageUrl} alt={title} size={64} />
            <div style={{ display: 'flex', flexDirection: 'column', gap: 2, flex: 1, minWidth: 0 }}>
              <span className="btp-clamp-2">{title}</span>
              <span className="lt-muted lt-small">
                {pick(l.variantName, l.variantNameEn)}
                {l.qtyCancelled > 0
                  ? ` · ${t('detail.cancelledQty', { count: l.qtyCancelled })}`
                  : ''}
              </span>
            </div>
            <div
              style={{
                display: 'flex',
                flexDirection: 'column',
                alignItems: 'flex-end',
                flex: '0 0 auto',
              }}
            >
              <Price fen={l.unitPriceFen} size="small" muted />
              <span className="lt-muted">{t('common.times', { count: l.qtyOrdered })}</span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
