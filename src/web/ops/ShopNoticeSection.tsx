// 店铺通知设置 (merchants): whether the shop's staff get the in-app notice, email and SMS of a
// new 申请取消, its reminder two hours before the deadline and 停止备货. Each switch saves at once.
import { App, Card, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import {
  useSaveShopNoticePreferences,
  useShopNoticePreferences,
  type ShopNoticePreferences,
} from '../api/shop-notices.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';

const CHANNELS: (keyof ShopNoticePreferences)[] = ['inApp', 'email', 'sms'];

export function ShopNoticeSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const prefs = useShopNoticePreferences();
  const save = useSaveShopNoticePreferences();
  return (
    <Card size="small" title={t('shopNotices.title')} data-testid="settings-shop-notices">
      {prefs.isPending ? (
        <PageSkeleton rows={3} />
      ) : prefs.isError ? (
        <ErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('shopNotices.note')}</Typography.Text>
          {CHANNELS.map((c) => (
            <Flex key={c} gap={12} align="center" justify="space-between" style={{ maxWidth: 480 }}>
              <label htmlFor={`shop-notice-${c}`}>{t(`shopNotices.${c}`)}</label>
              <Switch
                id={`shop-notice-${c}`}
                checked={prefs.data[c]}
                loading={save.isPending}
                onChange={(on) =>
                  save.mutate(
                    { [c]: on },
                    {
                      onSuccess: () => void message.success(t('settings.saved')),
                      onError: (err) => void message.error(errorMessage(err)),
                    },
                  )
                }
              />
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
