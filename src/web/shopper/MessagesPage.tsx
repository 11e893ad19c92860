// 消息中心: the signed-in user's in-app notices, newest first (加载更多 pages by id). Unread ones
// carry a dot and a bold subject; opening one (or its 查看订单 link) marks it read; 全部已读.
// Subjects and bodies are plain text: they are never rendered as HTML.
import { App, Badge, Button, Card, Flex, Grid, Typography } from 'antd';
import type { KeyboardEvent, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import {
  noticePath,
  useMarkAllNoticesRead,
  useMarkNoticeRead,
  useNotices,
  type Notice,
} from '../api/notices.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';

const srOnly: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

function NoticeItem({ notice, onRead }: { notice: Notice; onRead: (n: Notice) => void }) {
  const { t } = useTranslation();
  const path = noticePath(notice.link);
  const unread = !notice.read;
  const markOnClick = (e: MouseEvent | KeyboardEvent) => {
    // Text being selected is not an "open": leave it unread.
    if (e.type === 'click' && window.getSelection()?.toString()) return;
    if (unread) onRead(notice);
  };
  return (
    <li
      onClick={markOnClick}
      style={{
        listStyle: 'none',
        position: 'relative',
        padding: '12px 16px',
        borderBottom: '1px solid #f0f0f0',
        background: unread ? '#fff7f0' : undefined,
        cursor: unread ? 'pointer' : undefined,
      }}
    >
      <Flex gap={10} align="flex-start">
        <span style={{ width: 8, flex: '0 0 8px', paddingTop: 2 }} aria-hidden={!unread}>
          {unread && <Badge status="processing" color="#ff5000" />}
        </span>
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Flex justify="space-between" align="baseline" gap={8} wrap>
            <Typography.Text
              strong={unread}
              style={{ minWidth: 0, overflowWrap: 'anywhere', fontSize: 15 }}
            >
              {unread && <span style={srOnly}>{t('notices.unread')}：</span>}
              {notice.subject}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              <time dateTime={notice.createdAt}>{formatDateTime(notice.createdAt)}</time>
            </Typography.Text>
          </Flex>
          <Typography.Paragraph
            type={unread ? undefined : 'secondary'}
            style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {notice.body}
          </Typography.Paragraph>
          <Flex gap={8} align="center" wrap>
            {path && (
              <LinkButton size="small" to={path}>
                {path.startsWith('/refunds/')
                  ? t('notices.viewRefund')
                  : path.startsWith('/orders/')
                    ? t('notices.viewOrder')
                    : t('notices.viewDetails')}
              </LinkButton>
            )}
            {unread && (
              <Button
                size="small"
                type="link"
                onClick={(e) => {
                  e.stopPropagation();
                  onRead(notice);
                }}
              >
                {t('notices.markRead')}
              </Button>
            )}
          </Flex>
        </Flex>
      </Flex>
    </li>
  );
}

export function MessagesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const notices = useNotices();
  const markRead = useMarkNoticeRead();
  const markAll = useMarkAllNoticesRead();
  const items = notices.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = notices.data?.pages[0]?.unread ?? 0;

  const onRead = (n: Notice) => {
    if (markRead.isPending && markRead.variables === n.id) return;
    markRead.mutate(n.id, { onError: (err) => void message.error(errorMessage(err)) });
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 820 }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('notices.title')}
            {unread > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
                {t('notices.unreadCount', { count: unread })}
              </Typography.Text>
            )}
          </Typography.Title>
          {!phone && <Typography.Text type="secondary">{t('notices.note')}</Typography.Text>}
        </Flex>
        <Button
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: () => void message.success(t('notices.allRead')),
              onError: (err) => void message.error(errorMessage(err)),
            })
          }
        >
          {t('notices.markAllRead')}
        </Button>
      </Flex>
      {notices.isError && (
        <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {notices.isPending ? (
          <PageSkeleton rows={5} />
        ) : items.length === 0 ? (
          <EmptyState description={t('notices.empty')} />
        ) : (
          <ul aria-label={t('notices.title')} style={{ margin: 0, padding: 0 }}>
            {items.map((n) => (
              <NoticeItem key={n.id} notice={n} onRead={onRead} />
            ))}
          </ul>
        )}
      </Card>
      {notices.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void notices.fetchNextPage()} loading={notices.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      ) : items.length > 0 && (notices.data?.pages.length ?? 0) > 1 ? (
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('common.noMore')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
