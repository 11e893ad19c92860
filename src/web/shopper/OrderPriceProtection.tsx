// 申请价保 on the order page: the button while the order is within its 价保 period (the
// server's quote says until when), and the dialog, fetched only when first opened.
import { Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import { usePriceProtectionQuote, type PriceProtectionQuote } from '../api/price-protection.js';
import { useNow } from '../ui/useNow.js';

const PriceProtectionDialog = lazy(() =>
  import('./PriceProtectionDialog.js').then((m) => ({ default: m.PriceProtectionDialog })),
);

/** Asked only of a paid order that is not cancelled: the rest have nothing to protect. */
export function useOrderPriceProtection(order: OrderDetail | undefined) {
  const paid =
    !!order?.payment.paidAt && order.status !== 'pending_payment' && order.status !== 'cancelled';
  return usePriceProtectionQuote(order?.orderNo ?? '', paid);
}

/** Within the period: the dialog then says what is due, or why nothing is. */
export function priceProtectionOpen(quote: PriceProtectionQuote | undefined, now: number): boolean {
  return !!quote?.deadline && now <= Date.parse(quote.deadline);
}

/** 申请价保 for the status banner, while the period lasts. */
export function PriceProtectionButton({
  order,
  quote,
}: {
  order: OrderDetail;
  quote: PriceProtectionQuote | undefined;
}) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const [open, setOpen] = useState(false);
  if (!priceProtectionOpen(quote, now) && !open) return null;
  return (
    <>
      <Button size="large" ghost onClick={() => setOpen(true)}>
        {t('priceProtection.action')}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <PriceProtectionDialog orderNo={order.orderNo} onClosed={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
