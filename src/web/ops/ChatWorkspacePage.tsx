// One chat in the staff console: the conversation (with canned replies) beside the shopper's
// order and what the agent may do for them.
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Flex, Popconfirm, Row, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client.js';
import { sk, useChat, useCloseChat, useSupportSettings } from '../api/support.js';
import { ChatPanel } from '../support/ChatPanel.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { ChatOrderPanel } from './ChatOrderPanel.js';
import { RoleGate } from './StaffLayout.js';

function Workspace({ chatId }: { chatId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const chat = useChat(chatId);
  const close = useCloseChat(chatId);
  const settings = useSupportSettings();
  const client = useQueryClient();
  const refreshPanel = useCallback(
    () => void client.invalidateQueries({ queryKey: sk.orderPanel(chatId) }),
    [client, chatId],
  );
  if (chat.isPending) return <PageSkeleton rows={8} />;
  if (chat.isError) return <ErrorAlert error={chat.error} onRetry={() => void chat.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex align="center" justify="space-between" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {chat.data.shopperName}
        </Typography.Title>
        <Link to="/staff/support/chats?tab=mine">{t('support.staff.mine')}</Link>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={13}>
          <ChatPanel
            chatId={chatId}
            side="agent"
            cannedReplies={settings.data?.cannedReplies ?? []}
            onSystemMessage={refreshPanel}
            extra={
              chat.data.status !== 'closed' && (
                <Popconfirm
                  title={t('support.endConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    close.mutateAsync().then(
                      () => undefined,
                      (err: unknown) => void message.error(errorMessage(err)),
                    )
                  }
                >
                  <Button size="small">{t('support.endChat')}</Button>
                </Popconfirm>
              )
            }
          />
        </Col>
        <Col xs={24} lg={11}>
          <ChatOrderPanel chatId={chatId} enabled={chat.data.orderNo !== null} />
        </Col>
      </Row>
    </Flex>
  );
}

export function ChatWorkspacePage() {
  const chatId = Number(useParams().id ?? 0);
  return (
    <RoleGate roles={['agent', 'operator']}>
      <Workspace chatId={chatId} />
    </RoleGate>
  );
}
