// An 18-digit order number grouped in fours for reading aloud, with a copy button.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { groupOrderNo } from '../../domain/order-number.js';

export function OrderNo({ orderNo, label = true }: { orderNo: string; label?: boolean }) {
  const { t } = useTranslation();
  return (
    <Typography.Text
      copyable={{ text: orderNo, tooltips: [t('common.copy'), t('common.copied')] }}
      style={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {label ? `${t('orders.orderNo')}：` : null}
      <span aria-label={orderNo}>{groupOrderNo(orderNo)}</span>
    </Typography.Text>
  );
}
