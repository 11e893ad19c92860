// 有新版本: a bar at the bottom of the screen once a new version of the app has been
// downloaded in the background; 立即更新 lets it take over and reloads the page.
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../lite/Button.js';
import { installUpdate, isUpdateWaiting, subscribeUpdate } from './register.js';

export function UpdatePrompt() {
  const { t } = useTranslation();
  const waiting = useSyncExternalStore(subscribeUpdate, isUpdateWaiting);
  const [later, setLater] = useState(false);
  const [updating, setUpdating] = useState(false);
  if (!waiting || later) return null;
  return (
    <div role="alert" className="btp-update-bar">
      <span>{t('offline.updateReady')}</span>
      <span className="btp-update-actions">
        <Button onClick={() => setLater(true)}>{t('offline.later')}</Button>
        <Button
          variant="primary"
          loading={updating}
          onClick={() => {
            setUpdating(true);
            installUpdate();
          }}
        >
          {t('offline.updateNow')}
        </Button>
      </span>
    </div>
  );
}
