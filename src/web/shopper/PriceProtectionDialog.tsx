// 申请价保: today's quote line by line (paid per unit, today's price, units, difference, or why
// nothing is due), the total and the period, then 确认申请; the answer says whether the refund
// started or waits for review, with a link to it.
import { Alert, App, Button, Flex, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import {
  usePriceProtectionQuote,
  useRequestPriceProtection,
  type PriceProtectionQuote,
} from '../api/price-protection.js';
import { ErrorAlert } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import { RefundLink } from './RefundLink.js';

type QuoteLine = PriceProtectionQuote['lines'][number];

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex vertical gap={0} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{children}</span>
    </Flex>
  );
}

function LineRow({ line }: { line: QuoteLine }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  // The held units' paid amount may not split evenly: the unit shown is rounded, the
  // difference is exact.
  const paidUnit = line.units > 0 ? Math.round(line.paidFen / line.units) : 0;
  const currentUnit =
    line.currentFen !== null && line.units > 0 ? line.currentFen / line.units : null;
  return (
    <Flex vertical gap={6} style={{ paddingBlock: 10, borderTop: '1px solid #f0f0f0' }}>
      <Typography.Text strong ellipsis={{ tooltip: true }}>
        {pick(line.title, line.titleEn)}
      </Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
        <Figure label={t('priceProtection.paidUnit')}>{formatYuan(paidUnit)}</Figure>
        <Figure label={t('priceProtection.currentUnit')}>
          {currentUnit === null ? '—' : formatYuan(currentUnit)}
        </Figure>
        <Figure label={t('priceProtection.units')}>
          {t('priceProtection.unitsValue', { count: line.units })}
        </Figure>
        <Figure label={t('priceProtection.difference')}>
          {line.reason === 'due' ? (
            <span style={{ color: '#c73c00', fontWeight: 600 }}>{formatYuan(line.dueFen)}</span>
          ) : (
            formatYuan(0)
          )}
        </Figure>
      </div>
      {line.reason !== 'due' && (
        <Typography.Text type="secondary">
          {t(`priceProtection.reason.${line.reason}`)}
        </Typography.Text>
      )}
    </Flex>
  );
}

function Quote({ quote }: { quote: PriceProtectionQuote }) {
  const { t } = useTranslation();
  const refusal =
    quote.refusal === null
      ? null
      : quote.refusal.code === 'PRICE_PROTECTION_EXPIRED'
        ? t('priceProtection.expired')
        : quote.refusal.code === 'PRICE_PROTECTION_NOTHING_DUE'
          ? t('priceProtection.nothingDue')
          : quote.refusal.message;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('priceProtection.intro')}</Typography.Text>
      {quote.deadline && (
        <Typography.Text>
          {t('priceProtection.deadline', { time: formatDateTime(quote.deadline) })}
        </Typography.Text>
      )}
      {refusal && <Alert type="warning" showIcon title={refusal} role="status" />}
      <div>
        {quote.lines.map((l) => (
          <LineRow key={l.lineId} line={l} />
        ))}
      </div>
      {quote.available && (
        <>
          <Flex
            justify="space-between"
            align="baseline"
            gap={12}
            style={{ borderTop: '1px solid #f0f0f0', paddingTop: 10 }}
          >
            <Typography.Text strong>{t('priceProtection.total')}</Typography.Text>
            <Price fen={quote.amountFen} />
          </Flex>
          {quote.review && <Alert type="info" showIcon title={t('priceProtection.review')} />}
        </>
      )}
    </Flex>
  );
}

function Outcome({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const review = refund.status === 'pending_review';
  const amount = formatYuan(refund.amountFen);
  return (
    <Flex vertical gap={8}>
      <Alert
        type="success"
        showIcon
        role="status"
        title={t(review ? 'priceProtection.inReview' : 'priceProtection.started')}
        description={t(review ? 'priceProtection.inReviewBody' : 'priceProtection.startedBody', {
          amount,
        })}
      />
      <RefundLink refund={refund} />
    </Flex>
  );
}

export function PriceProtectionDialog({
  orderNo,
  onClosed,
}: {
  orderNo: string;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const quote = usePriceProtectionQuote(orderNo, true);
  const request = useRequestPriceProtection(orderNo);
  const idem = useIdempotencyKey();
  const refund = request.data;

  const submit = () => {
    // One key per confirmation: a double click or a retry asks once.
    request.mutate(
      { key: idem.keyFor({ orderNo, amountFen: quote.data?.amountFen }) },
      {
        onSuccess: () => idem.reset(),
        onError: (err) => {
          void message.error(errorMessage(err));
          void quote.refetch();
        },
      },
    );
  };

  // Buttons straight in the footer: on a phone they share its width, within thumb reach
  // (styles.css .btp-dialog).
  const footer = refund
    ? [
        <Button key="done" type="primary" onClick={onClosed}>
          {t('priceProtection.done')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClosed}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="confirm"
          type="primary"
          disabled={!quote.data?.available || quote.isFetching}
          loading={request.isPending}
          onClick={submit}
        >
          {t('priceProtection.confirm')}
        </Button>,
      ];

  return (
    <Modal
      open
      title={t('priceProtection.dialogTitle')}
      onCancel={onClosed}
      footer={footer}
      className="btp-dialog"
      style={{ top: 24, maxWidth: 'calc(100vw - 20px)' }}
      styles={{ body: { maxHeight: 'calc(100dvh - 170px)', overflowY: 'auto' } }}
    >
      {refund ? (
        <Outcome refund={refund} />
      ) : quote.isPending ? (
        <Flex justify="center" gap={8} style={{ padding: 24 }}>
          <Spin size="small" />
          <span>{t('priceProtection.loading')}</span>
        </Flex>
      ) : quote.isError ? (
        <ErrorAlert error={quote.error} onRetry={() => void quote.refetch()} />
      ) : (
        <Quote quote={quote.data} />
      )}
    </Modal>
  );
}
