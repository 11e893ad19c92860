// The buttons 备货 / 发货 / 已送达, exactly as the server allows for the order.
import { App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import { useMerchantAction, type MerchantAction, type ShipBody } from '../api/merchant.js';
import { ShipModal } from './ShipModal.js';

const DONE_KEY: Record<MerchantAction, string> = {
  prepare: 'staff.prepared',
  ship: 'staff.shipped',
  deliver: 'staff.delivered',
};

export function MerchantActions({
  orderNo,
  actions,
  size = 'small',
}: {
  orderNo: string;
  actions: MerchantAction[];
  size?: 'small' | 'middle' | 'large';
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useMerchantAction();
  const [shipping, setShipping] = useState(false);
  const [busy, setBusy] = useState<MerchantAction | null>(null);

  const act = (action: MerchantAction, ship?: ShipBody) => {
    setBusy(action);
    run.mutate(
      { orderNo, action, ship },
      {
        onSuccess: () => {
          void message.success(t(DONE_KEY[action]));
          if (action === 'ship') setShipping(false);
        },
        onError: (err) => void message.error(errorMessage(err)),
        onSettled: () => setBusy(null),
      },
    );
  };

  if (actions.length === 0) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('staff.noActions')}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={6} wrap>
      {actions.includes('prepare') && (
        <Button size={size} loading={busy === 'prepare'} onClick={() => act('prepare')}>
          {t('staff.prepare')}
        </Button>
      )}
      {actions.includes('ship') && (
        <Button size={size} type="primary" onClick={() => setShipping(true)}>
          {t('staff.ship')}
        </Button>
      )}
      {actions.includes('deliver') && (
        <Button size={size} loading={busy === 'deliver'} onClick={() => act('deliver')}>
          {t('staff.deliver')}
        </Button>
      )}
      <ShipModal
        open={shipping}
        loading={busy === 'ship'}
        onCancel={() => setShipping(false)}
        onSubmit={(body) => act('ship', body)}
      />
    </Flex>
  );
}
