// A dismissible note on the login page listing the demo accounts; clicking one fills it in.
import { Alert, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DISMISS_KEY = 'btp_demo_hint_dismissed';

export const DEMO_PASSWORD = 'Demo@2026';

export function DemoAccountsHint({ onPick }: { onPick: (account: string) => void }) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(() => {
    try {
      return localStorage.getItem(DISMISS_KEY) === '1';
    } catch {
      return false;
    }
  });
  if (hidden) return null;
  const accounts = [
    { email: 'shopper@btepai.test', who: t('auth.demoShopper') },
    { email: 'merchant1@btepai.test', who: t('auth.demoMerchant', { n: 1 }) },
    { email: 'merchant2@btepai.test', who: t('auth.demoMerchant', { n: 2 }) },
    { email: 'agent@btepai.test', who: t('auth.demoAgent') },
    { email: 'ops@btepai.test', who: t('auth.demoOps') },
  ];
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      closable={{
        onClose: () => {
          setHidden(true);
          try {
            localStorage.setItem(DISMISS_KEY, '1');
          } catch {
            // Private mode: the hint simply comes back next time.
          }
        },
      }}
      title={t('auth.demoTitle')}
      description={
        <Flex vertical gap={2}>
          {accounts.map((a) => (
            <Flex key={a.email} gap={6} align="center" wrap>
              <Typography.Text type="secondary" style={{ minWidth: 56, fontSize: 12 }}>
                {a.who}
              </Typography.Text>
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto' }}
                onClick={() => onPick(a.email)}
              >
                {a.email}
              </Button>
            </Flex>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('auth.demoUse')}
          </Typography.Text>
        </Flex>
      }
    />
  );
}
