// An order's timeline: every event with its Shanghai time, newest first.
import { Empty, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import { carrierLabel } from './carriers.js';
import { formatDateTime } from './format.js';

type Entry = OrderDetail['timeline'][number];

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

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
    case 'order.cancelled':
      return e.data['reason'] === 'payment_timeout'
        ? t('timeline.order.cancelledTimeout')
        : t('timeline.order.cancelled');
    case 'order.placed':
    case 'order.paid':
    case 'order.preparing':
    case 'order.delivered':
      return t(`timeline.${e.kind}`);
    default:
      return e.kind;
  }
}

export function OrderTimeline({ entries }: { entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  }
  const sorted = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
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
