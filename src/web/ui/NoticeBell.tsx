// The header bell: a link to 消息中心 with the unread count (polled every 30 s).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from '../api/notices.js';
import { Badge } from '../lite/Badge.js';
import { LinkButton } from '../lite/Button.js';
import { BellIcon } from '../lite/icons.js';

const hidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

export function NoticeBell({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const unread = useUnreadCount(true).data?.unread ?? 0;
  const countId = useId();
  return (
    <>
      <LinkButton
        variant="text"
        size="small"
        to="/messages"
        aria-label={t('notices.bell')}
        aria-describedby={unread > 0 ? countId : undefined}
        style={{ paddingInline: compact ? 4 : 8 }}
        icon={
          <Badge count={unread}>
            <BellIcon style={{ fontSize: 16 }} />
          </Badge>
        }
      />
      {unread > 0 && (
        <span id={countId} style={hidden}>
          {t('notices.unreadCount', { count: unread })}
        </span>
      )}
    </>
  );
}
