// 再次购买: puts the order's items back in the cart and says, item by item, what changed since
// (price up or down, short stock, sold out, off the shelf, option deleted) and names the items
// that are gone, then 去购物车.
import { Alert, App, Button, Flex, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { BuyAgainResponse } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { useBuyAgain } from '../api/cancellation.js';
import { errorMessage } from '../api/client.js';
import { useLocalized } from '../ui/format.js';

type Item = BuyAgainResponse['items'][number];

const CHANGE_COLOR: Record<Item['change'], string> = {
  same: 'green',
  price_up: 'red',
  price_down: 'blue',
  short_stock: 'orange',
  out_of_stock: 'default',
  removed: 'default',
};

function ChangeLine({ item }: { item: Item }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const prices = {
    old: formatYuan(item.oldPriceFen),
    new: item.newPriceFen === null ? '' : formatYuan(item.newPriceFen),
  };
  let detail: string;
  switch (item.change) {
    case 'price_up':
      detail = t('buyAgain.priceUp', prices);
      break;
    case 'price_down':
      detail = t('buyAgain.priceDown', prices);
      break;
    case 'short_stock':
      detail = t('buyAgain.shortStock', { count: item.addedQuantity });
      break;
    case 'out_of_stock':
      detail = t('buyAgain.outOfStock');
      break;
    case 'removed':
      detail = item.goneReason === 'deleted' ? t('buyAgain.deleted') : t('buyAgain.removed');
      break;
    default:
      detail = t('buyAgain.same');
  }
  const added =
    item.addedQuantity > 0 && item.change !== 'short_stock'
      ? t('buyAgain.addedCount', { count: item.addedQuantity })
      : null;
  return (
    <li style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0', listStyle: 'none' }}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Typography.Text ellipsis>{pick(item.title, item.titleEn)}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {pick(item.variantName, item.variantNameEn)} ·{' '}
          {t('buyAgain.ordered', { count: item.orderedQuantity })}
        </Typography.Text>
        <Flex gap={6} wrap align="center">
          <Tag color={CHANGE_COLOR[item.change]} style={{ marginInlineEnd: 0 }}>
            {detail}
          </Tag>
          {added && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {added}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
    </li>
  );
}

/** The 再次购买 button and its result dialog. */
export function BuyAgainButton({
  orderNo,
  size = 'large',
  style,
}: {
  orderNo: string;
  size?: 'small' | 'middle' | 'large';
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const buyAgain = useBuyAgain(orderNo);
  const [result, setResult] = useState<BuyAgainResponse | null>(null);

  const run = () =>
    buyAgain.mutate(undefined, {
      onSuccess: (res) => setResult(res),
      onError: (err) => void message.error(errorMessage(err)),
    });

  const added = result?.items.reduce((n, i) => n + i.addedQuantity, 0) ?? 0;
  const changed = result?.items.some((i) => i.change !== 'same') ?? false;

  return (
    <>
      <Button size={size} style={style} loading={buyAgain.isPending} onClick={run}>
        {t('buyAgain.title')}
      </Button>
      <Modal
        open={result !== null}
        title={t('buyAgain.title')}
        onCancel={() => setResult(null)}
        footer={
          <Flex gap={8} justify="end" wrap>
            <Button onClick={() => setResult(null)}>{t('common.close')}</Button>
            <Button type="primary" onClick={() => void navigate('/cart')}>
              {t('buyAgain.goCart')}
            </Button>
          </Flex>
        }
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        {result && (
          <Flex vertical gap={8}>
            {added > 0 ? (
              <Alert
                type={changed ? 'warning' : 'success'}
                showIcon
                title={t('buyAgain.summary', { count: added })}
                description={changed ? t('buyAgain.changedNote') : undefined}
              />
            ) : (
              <Alert type="error" showIcon title={t('buyAgain.noneAdded')} />
            )}
            {result.goneSummary && (
              <Alert
                type="info"
                showIcon
                title={t('buyAgain.goneTitle')}
                description={result.goneSummary}
              />
            )}
            <ul style={{ margin: 0, padding: 0 }}>
              {result.items.map((item) => (
                <ChangeLine key={item.variantId} item={item} />
              ))}
            </ul>
          </Flex>
        )}
      </Modal>
    </>
  );
}
