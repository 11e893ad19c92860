// 去支付 on an order: the shopper picks one of the channels checkout offers (the first is
// preselected; with one there is nothing to pick), then the page hands over to the provider —
// its page, its card form, or a QR code shown here while the page waits for the payment.
import { App, Button, Modal } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../contracts/index.js';
import { errorMessage } from '../../api/client.js';
import { useIdempotencyKey } from '../../api/idempotency.js';
import {
  payOrder,
  useOfferedChannels,
  type PayAnswer,
  type PaymentChannelName,
} from '../../api/payments.js';
import { ChannelChoice } from './ChannelChoice.js';
import { followHandoff, payScene } from './handoff.js';
import { QrPayModal } from './QrPayModal.js';

/** Pays `orderNo` through `provider` and follows the answer; the QR content when one is shown. */
export function usePayOrder() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const idem = useIdempotencyKey();
  const [paying, setPaying] = useState(false);
  const pay = useCallback(
    async (orderNo: string, provider?: PaymentChannelName): Promise<PayAnswer | null> => {
      setPaying(true);
      try {
        const answer = await payOrder(orderNo, idem.keyFor({ pay: orderNo, provider }), {
          ...(provider ? { provider } : {}),
          scene: payScene(),
        });
        idem.reset();
        // The order's first 去支付 fixed its channel: say so when it is not the one picked now.
        if (provider && answer.provider && answer.provider !== provider)
          void message.info(
            t('pay.keptChannel', { channel: t(`pay.channels.${answer.provider}`) }),
          );
        const qr = followHandoff(answer);
        if (qr !== null) setPaying(false);
        return answer;
      } catch (err) {
        setPaying(false);
        void message.error(errorMessage(err));
        return null;
      }
    },
    [idem, message, t],
  );
  return { pay, paying };
}

export function PayButton({
  order,
  autoStart,
  onAutoStarted,
}: {
  order: OrderDetail;
  /** Opened from checkout with the channel already chosen (a QR code to show here). */
  autoStart?: PaymentChannelName | undefined;
  onAutoStarted?: () => void;
}) {
  const { t } = useTranslation();
  const offered = useOfferedChannels();
  const { pay, paying } = usePayOrder();
  const [choosing, setChoosing] = useState(false);
  const [choice, setChoice] = useState<PaymentChannelName>();
  const [qr, setQr] = useState<string | null>(null);
  const channels = offered.data?.channels ?? [];

  const start = useCallback(
    async (provider?: PaymentChannelName) => {
      const answer = await pay(order.orderNo, provider);
      setChoosing(false);
      if (answer?.handoff?.kind === 'qr') setQr(answer.handoff.content);
    },
    [pay, order.orderNo],
  );

  useEffect(() => {
    if (!autoStart) return;
    onAutoStarted?.();
    void start(autoStart);
  }, [autoStart, onAutoStarted, start]);

  const open = () => {
    // One channel (the demo's sandbox): nothing to choose.
    if (channels.length <= 1) {
      void start(channels[0]);
      return;
    }
    setChoice((c) => (c && channels.includes(c) ? c : channels[0]));
    setChoosing(true);
  };

  return (
    <>
      <Button
        size="large"
        style={{ color: '#c73c00', fontWeight: 600 }}
        loading={paying || offered.isPending}
        onClick={open}
      >
        {t('detail.pay')}
      </Button>
      <Modal
        open={choosing}
        title={t('pay.title')}
        okText={t('pay.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: paying, disabled: !choice }}
        onOk={() => void start(choice)}
        onCancel={() => setChoosing(false)}
        width={400}
        destroyOnHidden
      >
        <ChannelChoice channels={channels} value={choice} onChange={setChoice} />
      </Modal>
      {qr !== null && (
        <QrPayModal
          orderNo={order.orderNo}
          content={qr}
          payableFen={order.payableFen}
          onClose={() => setQr(null)}
        />
      )}
    </>
  );
}
