// How an after-sales case reads on every page: status tag, 仅退款 / 退货退款, the reason's label
// and the sentences for its order-timeline events.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AfterSalesCaseView, OrderDetail } from '../../contracts/index.js';
import { AFTER_SALES_REASONS } from '../../domain/after-sales-rules.js';
import { formatYuan } from '../../domain/money.js';
import { carrierLabel } from './carriers.js';

type Status = AfterSalesCaseView['status'];
type Entry = OrderDetail['timeline'][number];

export const AFTER_SALES_STATUS_COLORS: Record<Status, string> = {
  pending_review: 'gold',
  awaiting_return: 'blue',
  returned: 'processing',
  completed: 'success',
  rejected: 'default',
};

export function AfterSalesStatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Tag color={AFTER_SALES_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`afterSales.status.${status}`)}
    </Tag>
  );
}

/** 未收到货 / Not received; an unknown code shows as itself. */
export function afterSalesReasonLabel(code: string, en: boolean): string {
  const r = AFTER_SALES_REASONS.find((x) => x.code === code);
  if (!r) return code;
  return en ? r.en : r.zh;
}

/** The reason with the shopper's own words: 其他：…. */
export function afterSalesReasonText(
  c: Pick<AfterSalesCaseView, 'reasonCode' | 'reasonText'>,
  t: TFunction,
  en: boolean,
): string {
  const label = afterSalesReasonLabel(c.reasonCode, en);
  return c.reasonText ? t('timeline.reasonWithText', { label, text: c.reasonText }) : label;
}

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

/** The sentence for an after_sales.* timeline event, or null for any other kind. */
export function describeAfterSalesEvent(e: Entry, t: TFunction, en: boolean): string | null {
  if (!e.kind.startsWith('after_sales.')) return null;
  const kind = str(e.data['kind']);
  const kindText = kind ? t(`afterSales.kind.${kind}`, { defaultValue: kind }) : '';
  switch (e.kind) {
    case 'after_sales.requested': {
      const code = str(e.data['reasonCode']);
      return t('afterSales.timeline.requested', {
        kind: kindText,
        reason: code ? afterSalesReasonLabel(code, en) : t('timeline.noReason'),
      });
    }
    case 'after_sales.approved':
      return t('afterSales.timeline.approved');
    case 'after_sales.rejected':
      return t('afterSales.timeline.rejected', { reason: str(e.data['reason']) });
    case 'after_sales.returned':
      return t('afterSales.timeline.returned', {
        carrier: carrierLabel(str(e.data['carrier']), en),
        trackingNo: str(e.data['trackingNo']),
      });
    case 'after_sales.completed': {
      const fen = e.data['refundFen'];
      return typeof fen === 'number'
        ? t('afterSales.timeline.completed', { amount: formatYuan(fen) })
        : t('afterSales.timeline.completedNoAmount');
    }
    default:
      return null;
  }
}
