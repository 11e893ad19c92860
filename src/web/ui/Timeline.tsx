// An order's timeline: every event with its Shanghai time, newest first.
import { Empty, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { describeAfterSalesEvent } from './after-sales-text.js';
import { reasonLabel } from './cancel-reasons.js';
import { carrierLabel } from './carriers.js';
import { formatDateTime } from './format.js';
import { failureText, goodwillReasonText } from './refund-text.js';

type Entry = OrderDetail['timeline'][number];

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

/** The reason's label and the shopper's own words, if any. */
function reasonOf(e: Entry, t: TFunction, en: boolean): string {
  const code = str(e.data['reasonCode']);
  if (!code) return '';
  const text = str(e.data['reasonText']);
  const label = reasonLabel(code, en);
  return text ? t('timeline.reasonWithText', { label, text }) : label;
}

/** A refund started: by cancellation or after-sales, or by amount (价保, 补偿, 线下退款). */
function describeRefundCreated(e: Entry, t: TFunction, en: boolean): string {
  const amount = formatYuan(typeof e.data['amountFen'] === 'number' ? e.data['amountFen'] : 0);
  const code = str(e.data['channel']);
  const channel = code ? t(`channel.${code}`, { defaultValue: code }) : '';
  const review = e.data['status'] === 'pending_review';
  switch (str(e.data['source'])) {
    case 'offline': {
      const method = str(e.data['method']);
      return t('timeline.refund.createdOffline', {
        amount,
        method: t(`refund.offlineMethod.${method}`, { defaultValue: method }),
      });
    }
    case 'goodwill': {
      const words = goodwillReasonText(str(e.data['reasonCode']), en);
      return review
        ? t('timeline.refund.createdGoodwillReview', { amount, reason: words })
        : t('timeline.refund.createdGoodwill', { amount, reason: words, channel });
    }
    case 'price_protection':
      return review
        ? t('timeline.refund.createdPriceProtectionReview', { amount })
        : t('timeline.refund.createdPriceProtection', { amount, channel });
    default:
      return review
        ? t('timeline.refund.createdReview', { amount })
        : t('timeline.refund.created', { amount, channel });
  }
}

/** The sentence for one event; unknown kinds show their kind string. */
export function describeEvent(e: Entry, t: TFunction, en: boolean): string {
  switch (e.kind) {
    case 'order.shipped': {
      const carrier = str(e.data['carrier']);
      const trackingNo = str(e.data['trackingNo']);
      return carrier || trackingNo
        ? t('timeline.order.shippedWith', { carrier: carrierLabel(carrier, en), trackingNo })
        : t('timeline.order.shipped');
    }
    case 'order.completed':
      return e.data['auto'] === true
        ? t('timeline.order.completedAuto')
        : t('timeline.order.completed');
    case 'order.cancelled': {
      if (e.data['reason'] === 'payment_timeout') return t('timeline.order.cancelledTimeout');
      const reason = reasonOf(e, t, en);
      const refund = e.data['refundFen'];
      const base = reason
        ? t('timeline.order.cancelledWithReason', { reason })
        : t('timeline.order.cancelled');
      return typeof refund === 'number' && refund > 0
        ? `${base}${t('timeline.refundSuffix', { amount: formatYuan(refund) })}`
        : base;
    }
    case 'order.partially_cancelled': {
      const lines = Array.isArray(e.data['lines']) ? (e.data['lines'] as unknown[]) : [];
      const items = lines
        .map((l) => {
          const x = (l ?? {}) as Record<string, unknown>;
          const title = (en && str(x['titleEn'])) || str(x['title']);
          return t('timeline.lineQty', { title, count: Number(x['quantity']) });
        })
        .join(t('timeline.listSep'));
      const refund = e.data['refundFen'];
      const base = t('timeline.order.partiallyCancelled', { items });
      return typeof refund === 'number' && refund > 0
        ? `${base}${t('timeline.refundSuffix', { amount: formatYuan(refund) })}`
        : base;
    }
    case 'refund.created':
      return describeRefundCreated(e, t, en);
    case 'refund.evidence_added':
      return t('timeline.refund.evidenceAdded', { fileName: str(e.data['fileName']) });
    case 'refund.approved':
    case 'refund.processing':
    case 'refund.succeeded':
    case 'refund.failed':
    case 'refund.rejected':
    case 'refund.pending_review': {
      const amount = formatYuan(typeof e.data['amountFen'] === 'number' ? e.data['amountFen'] : 0);
      const reason = str(e.data['reason']);
      if (e.kind === 'refund.failed')
        return t('timeline.refund.failed', { amount, reason: failureText(reason, t) });
      if (e.kind === 'refund.rejected') return t('timeline.refund.rejected', { amount, reason });
      if (e.kind === 'refund.pending_review') return t('timeline.refund.pendingReview', { amount });
      return t(`timeline.${e.kind}`, { amount });
    }
    case 'payment.late': {
      const amount = e.data['amountFen'];
      return typeof amount === 'number'
        ? t('timeline.payment.lateWith', { amount: formatYuan(amount) })
        : t('timeline.payment.late');
    }
    case 'payment.double':
    case 'payment.dashboard_refund': {
      const amount = formatYuan(typeof e.data['amountFen'] === 'number' ? e.data['amountFen'] : 0);
      return t(
        e.kind === 'payment.double'
          ? 'timeline.payment.double'
          : 'timeline.payment.dashboardRefund',
        { amount },
      );
    }
    case 'cancellation.requested': {
      const reason = reasonOf(e, t, en);
      const deadline = str(e.data['slaDeadline']);
      return t('timeline.cancellation.requested', {
        reason: reason || t('timeline.noReason'),
        time: formatDateTime(deadline),
      });
    }
    case 'address.changed':
    case 'address.change_requested':
    case 'address.change_accepted':
    case 'address.change_auto_accepted': {
      const to = e.data['to'] as { name?: string; phone?: string; address?: string } | undefined;
      const text = to ? [to.name, to.phone, to.address].filter(Boolean).join(' ') : '';
      if (e.kind === 'address.change_requested')
        return t('timeline.address.changeRequested', {
          to: text,
          time: formatDateTime(str(e.data['slaDeadline'])),
        });
      const key =
        e.kind === 'address.changed'
          ? 'changed'
          : e.kind === 'address.change_accepted'
            ? 'changeAccepted'
            : 'changeAutoAccepted';
      return t(`timeline.address.${key}`, { to: text });
    }
    case 'address.change_refused':
      return t('timeline.address.changeRefused', { reason: str(e.data['reason']) });
    case 'cancellation.approved':
      return t('timeline.cancellation.approved');
    case 'cancellation.auto_approved':
      return t('timeline.cancellation.autoApproved');
    case 'cancellation.rejected':
      return t('timeline.cancellation.rejected', { reason: str(e.data['reason']) });
    case 'order.placed':
    case 'order.paid':
    case 'order.preparing':
    case 'order.delivered':
      return t(`timeline.${e.kind}`);
    default:
      return describeAfterSalesEvent(e, t, en) ?? e.kind;
  }
}

export function OrderTimeline({ entries }: { entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  }
  // Newest first; events of the same instant in reverse order of recording. A refund recorded
  // twice (same refundId) shows once.
  const seen = new Set<string>();
  const sorted = [...entries]
    .reverse()
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .filter((e) => {
      const id = e.kind === 'refund.created' ? str(e.data['refundId']) : '';
      if (!id) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  return (
    <Timeline
      items={sorted.map((e, i) => ({
        key: `${e.kind}-${e.at}-${i}`,
        color: i === 0 ? '#ff5000' : 'gray',
        content: (
          <div>
            <Typography.Text strong={i === 0}>
              {describeEvent(e, t, i18n.language === 'en')}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)}
                {e.actorRole
                  ? ` · ${t(`timeline.actor.${e.actorRole}`, { defaultValue: e.actorRole })}`
                  : ''}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
