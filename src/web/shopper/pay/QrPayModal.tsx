// WeChat Pay's Native QR code: the shopper scans it with WeChat on their phone while this page
// re-reads the order; once the notify has marked it paid the dialog closes and the page moves on.
import { App, Flex, Modal, QRCode, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrder } from '../../api/orders.js';
import { Price } from '../../ui/Price.js';

const POLL_MS = 2_000;

export function QrPayModal({
  orderNo,
  content,
  payableFen,
  onClose,
}: {
  orderNo: string;
  content: string;
  payableFen: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // The same query as the order page's, so the page behind shows the new state too.
  const order = useOrder(orderNo, POLL_MS);
  const status = order.data?.status;

  useEffect(() => {
    if (!status || status === 'pending_payment') return;
    if (status !== 'cancelled') void message.success(t('detail.paidOk'));
    onClose();
  }, [status, message, t, onClose]);

  return (
    <Modal
      open
      title={t('pay.qrTitle')}
      onCancel={onClose}
      footer={null}
      width={360}
      destroyOnHidden
    >
      <Flex vertical align="center" gap={12} data-testid="pay-qr">
        <Typography.Text>
          {t('pay.amount')} <Price fen={payableFen} />
        </Typography.Text>
        <QRCode value={content} type="svg" size={200} bordered={false} />
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('pay.qrHint')}
        </Typography.Text>
        <Flex gap={8} align="center" role="status">
          <Spin size="small" />
          <Typography.Text type="secondary">{t('pay.waiting')}</Typography.Text>
        </Flex>
      </Flex>
    </Modal>
  );
}
