// The order's status as a coloured tag; an order being prepared reads 备货中.
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../contracts/index.js';
import { STATUS_LABELS } from '../../domain/order-status.js';
import { Tag, type TagColor } from '../lite/Tag.js';
import { useLocalized } from './format.js';

const COLORS: Record<OrderSummary['status'], TagColor> = {
  pending_payment: 'orange',
  awaiting_shipment: 'blue',
  shipped: 'cyan',
  completed: 'green',
  cancelled: 'default',
};

export function OrderStatusTag({
  status,
  preparing = false,
}: {
  status: OrderSummary['status'];
  preparing?: boolean;
}) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const text =
    status === 'awaiting_shipment' && preparing
      ? t('status.preparing')
      : label(STATUS_LABELS[status]);
  return <Tag color={COLORS[status]}>{text}</Tag>;
}
