// 在线客服 (agents, operators): chats waiting in the queue with 接入, and the agent's own open
// chats; refreshed every few seconds.
import { App, Button, Card, Empty, Flex, List, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { ChatView } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useOpsChats, useTakeChat } from '../api/support.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { RoleGate } from './StaffLayout.js';

const STATES = ['queued', 'mine', 'closed'] as const;
type State = (typeof STATES)[number];

function ChatRow({ chat, state }: { chat: ChatView; state: State }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const take = useTakeChat();
  return (
    <List.Item
      data-testid="chat-row"
      actions={[
        state === 'queued' ? (
          <Button
            key="take"
            type="primary"
            loading={take.isPending}
            onClick={() =>
              take.mutate(chat.id, {
                onSuccess: () => void navigate(`/staff/support/chats/${chat.id}`),
                onError: (err) => void message.error(errorMessage(err)),
              })
            }
          >
            {t('support.staff.take')}
          </Button>
        ) : (
          <Button key="open" onClick={() => void navigate(`/staff/support/chats/${chat.id}`)}>
            {t('support.staff.open')}
          </Button>
        ),
      ]}
    >
      <List.Item.Meta
        title={
          <Flex gap={8} wrap align="center">
            <span>{chat.shopperName}</span>
            {chat.orderNo ? (
              <Tag>{chat.orderNo}</Tag>
            ) : (
              <Tag color="default">{t('support.staff.noOrder')}</Tag>
            )}
            {chat.rating !== null && <Tag color="gold">★ {chat.rating}</Tag>}
          </Flex>
        }
        description={t('support.staff.waitingSince', { time: formatDateTime(chat.openedAt) })}
      />
    </List.Item>
  );
}

function ChatList({ state }: { state: State }) {
  const { t } = useTranslation();
  const chats = useOpsChats(state);
  if (chats.isPending) return <PageSkeleton rows={3} />;
  if (chats.isError) return <ErrorAlert error={chats.error} onRetry={() => void chats.refetch()} />;
  if (chats.data.items.length === 0) return <Empty description={t('support.messagesEmpty')} />;
  return (
    <List
      dataSource={chats.data.items}
      renderItem={(c) => <ChatRow key={c.id} chat={c} state={state} />}
    />
  );
}

export function ChatQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (STATES as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as State)
    : 'queued';
  return (
    <RoleGate roles={['agent', 'operator']}>
      <Flex vertical gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('support.staff.menuChats')}
        </Typography.Title>
        <Card size="small">
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams({ tab: k }, { replace: true })}
            items={STATES.map((s) => ({
              key: s,
              label: t(`support.staff.${s === 'queued' ? 'queue' : s}`),
              children: <ChatList state={s} />,
            }))}
          />
        </Card>
      </Flex>
    </RoleGate>
  );
}
