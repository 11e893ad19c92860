// 在线客服 for the shopper: the live chat, 结束会话, then the rating.
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Popconfirm, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client.js';
import { useChat, useCloseChat } from '../api/support.js';
import { qk } from '../api/keys.js';
import { useOrder } from '../api/orders.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { ChatPanel } from '../support/ChatPanel.js';

export function ChatPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const chatId = Number(useParams().id ?? 0);
  const chat = useChat(chatId);
  const close = useCloseChat(chatId);
  const orderNo = chat.data?.orderNo ?? '';
  const order = useOrder(orderNo, false, orderNo !== '');
  const client = useQueryClient();
  // An agent's act on the order comes with a system line: show the order as it is now.
  const refreshOrder = useCallback(() => {
    if (orderNo) void client.invalidateQueries({ queryKey: qk.order(orderNo) });
  }, [client, orderNo]);
  return (
    <Flex vertical gap={12} style={{ maxWidth: 760, marginInline: 'auto' }}>
      <Flex align="center" justify="space-between" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('support.chatTitle')}
        </Typography.Title>
        {orderNo && (
          <Flex gap={8} align="center">
            <Link to={`/orders/${orderNo}`}>{t('support.aboutOrder', { orderNo })}</Link>
            {order.data && <OrderStatusTag status={order.data.status} />}
          </Flex>
        )}
      </Flex>
      <ChatPanel
        chatId={chatId}
        side="shopper"
        onSystemMessage={refreshOrder}
        extra={
          chat.data?.status !== 'closed' && (
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
    </Flex>
  );
}
