// One refund as a link to its 退款详情 page: amount and status, where it goes, when. On the
// order detail's 退款信息 card and on 退款售后 order cards (我的订单, so without antd).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { RightIcon } from '../lite/icons.js';
import { formatDateTime } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import { refundDestinationText, RefundStatusTag } from '../ui/refund-text.js';

export function RefundLink({
  refund,
  compact = false,
}: {
  refund: RefundDetail;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const status = t(`refund.status.${refund.status}`);
  // 补偿 / 价保 / 线下退款 say so; a refund of the order's own goods needs no name.
  const kind = refund.source === 'order' ? null : t(`refund.source.${refund.source}`);
  const amount = formatYuan(refund.amountFen);
  const destination =
    refund.source === 'offline'
      ? t(`refund.offlineMethod.${refund.offlineMethod ?? 'cash'}`)
      : refundDestinationText(refund, t);
  return (
    <Link
      to={`/refunds/${refund.id}`}
      aria-label={`${kind ? t('detail.refundOfKind', { kind, amount, status }) : t('detail.refundOf', { amount, status })} · ${t('detail.viewRefund')}`}
      style={{ color: 'inherit', display: 'block' }}
    >
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
          paddingBlock: compact ? 4 : 8,
        }}
      >
        <div style={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            {kind && <span className="lt-small">{kind}</span>}
            <RefundStatusTag status={refund.status} />
            <Price fen={refund.amountFen} size="small" />
          </div>
          {!compact && (
            <span className="lt-muted lt-small">
              {destination} · {formatDateTime(refund.createdAt)}
            </span>
          )}
        </div>
        {/* Inside the link already: a span, not a nested anchor. */}
        <span style={{ flex: '0 0 auto', whiteSpace: 'nowrap', color: '#c73c00' }}>
          {t('detail.viewRefund')} <RightIcon style={{ fontSize: 10 }} />
        </span>
      </div>
    </Link>
  );
}
