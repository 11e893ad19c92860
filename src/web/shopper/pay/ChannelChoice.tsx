// 支付方式: the channels checkout offers, as radio choices; the first (the operator's default) is
// preselected by the caller.
import { Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PaymentChannelName } from '../../api/payments.js';

export function ChannelChoice({
  channels,
  value,
  onChange,
}: {
  channels: readonly PaymentChannelName[];
  value: PaymentChannelName | undefined;
  onChange: (channel: PaymentChannelName) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      value={value}
      onChange={(e) => onChange(e.target.value as PaymentChannelName)}
      aria-label={t('pay.method')}
      style={{ width: '100%' }}
    >
      <Flex vertical gap={8}>
        {channels.map((channel) => (
          <Radio key={channel} value={channel} data-testid={`pay-channel-${channel}`}>
            <Flex vertical gap={0}>
              <span>{t(`pay.channels.${channel}`)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`pay.hints.${channel}`)}
              </Typography.Text>
            </Flex>
          </Radio>
        ))}
      </Flex>
    </Radio.Group>
  );
}
