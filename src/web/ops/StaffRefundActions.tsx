// 补偿 and (operators) 线下退款 on a staff order page: the buttons, with what the order can still
// refund; each opens its dialog. Nothing left to refund (unpaid, or all of it refunded) greys
// them out with the reason.
import { Button, Flex, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaffRefundOptions, type StaffRefundScope } from '../api/staff-refunds.js';
import { GoodwillRefundDialog } from './GoodwillRefundDialog.js';
import { OfflineRefundDialog } from './OfflineRefundDialog.js';

export function StaffRefundActions({
  orderNo,
  scope,
  size = 'middle',
}: {
  orderNo: string;
  scope: StaffRefundScope;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const options = useStaffRefundOptions(scope, orderNo);
  const [open, setOpen] = useState<'goodwill' | 'offline' | null>(null);
  const o = options.data;
  // Refused (another shop's order) or still loading: no buttons rather than broken ones.
  if (!o) return null;
  const nothing = o.refundableFen <= 0;
  const wrap = (button: ReactNode) =>
    nothing ? <Tooltip title={t('staffRefund.nothingLeft')}>{button}</Tooltip> : button;

  return (
    <Flex gap={8} wrap>
      {wrap(
        <Button size={size} disabled={nothing} onClick={() => setOpen('goodwill')}>
          {t('staffRefund.goodwill')}
        </Button>,
      )}
      {o.offlineAllowed &&
        wrap(
          <Button size={size} disabled={nothing} onClick={() => setOpen('offline')}>
            {t('staffRefund.offline')}
          </Button>,
        )}
      <GoodwillRefundDialog
        open={open === 'goodwill'}
        onClose={() => setOpen(null)}
        orderNo={orderNo}
        scope={scope}
        options={o}
      />
      {o.offlineAllowed && (
        <OfflineRefundDialog
          open={open === 'offline'}
          onClose={() => setOpen(null)}
          orderNo={orderNo}
          options={o}
        />
      )}
    </Flex>
  );
}
