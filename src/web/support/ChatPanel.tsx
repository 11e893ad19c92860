// One chat on screen, for the shopper or the agent: status line, messages (text shown as text,
// pictures as thumbnails), 发送中 / 已读 marks, typing indicator, input with picture upload and,
// for agents, canned replies; for the shopper, the rating once the chat has ended.
import { PictureOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Flex, Image, Input, Rate, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessageView, ChatView } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { uploadChatImage, useChat, useRateChat } from '../api/support.js';
import { formatDateTime } from '../ui/format.js';
import { useChatSocket, type PendingMessage } from './useChatSocket.js';

function StatusLine({ chat, connected }: { chat: ChatView | null; connected: boolean }) {
  const { t } = useTranslation();
  if (!connected && chat?.status !== 'closed')
    return <Alert type="warning" showIcon title={t('support.reconnecting')} />;
  if (!chat) return null;
  if (chat.status === 'queued')
    return (
      <Alert
        type="info"
        showIcon
        role="status"
        title={
          chat.queuePosition
            ? t('support.queued', { count: chat.queuePosition })
            : t('support.queuedNext')
        }
      />
    );
  if (chat.status === 'active')
    return (
      <Typography.Text type="success" role="status">
        {t('support.active', { name: chat.agentName ?? '' })}
      </Typography.Text>
    );
  return <Typography.Text type="secondary">{t('support.ended')}</Typography.Text>;
}

function Bubble({
  mine,
  system,
  name,
  children,
  footer,
}: {
  mine: boolean;
  system: boolean;
  name: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  if (system)
    return (
      <Flex justify="center">
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="chat-system">
          {children}
        </Typography.Text>
      </Flex>
    );
  return (
    <Flex vertical align={mine ? 'flex-end' : 'flex-start'} gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {name}
      </Typography.Text>
      <div
        data-testid="chat-message"
        style={{
          maxWidth: '80%',
          background: mine ? '#c73c00' : '#f3f3f3',
          color: mine ? '#fff' : '#222',
          borderRadius: 10,
          padding: '6px 10px',
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
        }}
      >
        {children}
      </div>
      {footer}
    </Flex>
  );
}

function Pictures({ urls }: { urls: string[] }) {
  if (urls.length === 0) return null;
  return (
    <Flex gap={4} wrap style={{ marginTop: 4 }}>
      {urls.map((u) => (
        <Image key={u} src={u} width={96} height={96} style={{ objectFit: 'cover' }} />
      ))}
    </Flex>
  );
}

function RatingBox({ chat }: { chat: ChatView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rate = useRateChat(chat.id);
  if (chat.rating !== null)
    return (
      <Flex align="center" gap={8}>
        <Typography.Text>{t('support.rated')}</Typography.Text>
        <Rate disabled value={chat.rating} />
      </Flex>
    );
  return (
    <Flex align="center" gap={8} wrap>
      <Typography.Text strong>{t('support.rateTitle')}</Typography.Text>
      <Rate
        aria-label={t('support.ratingLabel')}
        disabled={rate.isPending}
        onChange={(v) =>
          rate.mutate(v, { onError: (err) => void message.error(errorMessage(err)) })
        }
      />
    </Flex>
  );
}

export function ChatPanel({
  chatId,
  side,
  cannedReplies = [],
  extra,
  onSystemMessage,
}: {
  chatId: number;
  side: 'shopper' | 'agent';
  cannedReplies?: string[];
  extra?: ReactNode;
  /** Called when a system line arrives (the order may have changed: cancelled for the shopper). */
  onSystemMessage?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const live = useChatSocket(chatId, side);
  // Queue position moves as others are taken: ask now and then while waiting.
  const polled = useChat(chatId);
  const queued = (live.chat ?? polled.data)?.status === 'queued';
  const { refetch } = polled;
  useEffect(() => {
    if (!queued) return;
    const timer = setInterval(() => void refetch(), 5_000);
    return () => clearInterval(timer);
  }, [queued, refetch]);
  const base = live.chat ?? polled.data ?? null;
  const chat =
    base?.status === 'queued' && polled.data
      ? { ...base, queuePosition: polled.data.queuePosition }
      : base;
  const [text, setText] = useState('');
  const [uploading, setUploading] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const lastSystem = live.messages.findLast((m) => m.senderRole === 'system')?.seq ?? 0;
  useEffect(() => {
    if (lastSystem > 0) onSystemMessage?.();
  }, [lastSystem, onSystemMessage]);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [live.messages.length, live.pending.length, live.otherTyping]);

  const closed = chat?.status === 'closed';
  const submit = () => {
    const body = text.trim();
    if (!body) return;
    live.send(body);
    setText('');
  };

  const attach = async (file: File) => {
    setUploading(true);
    try {
      const uploaded = await uploadChatImage(chatId, file);
      live.send('', [uploaded.id], [URL.createObjectURL(file)]);
    } catch (err) {
      void message.error(`${t('support.uploadFailed')}: ${errorMessage(err)}`);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const renderMessage = (m: ChatMessageView) => {
    const mine = m.senderRole === side;
    return (
      <Bubble
        key={m.seq}
        mine={mine}
        system={m.senderRole === 'system'}
        name={`${m.senderName} · ${formatDateTime(m.createdAt)}`}
        footer={
          mine ? (
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              {m.seq <= live.otherRead ? t('support.read') : t('support.unread')}
            </Typography.Text>
          ) : null
        }
      >
        {m.body}
        <Pictures urls={m.attachments.map((a) => a.url)} />
      </Bubble>
    );
  };

  const renderPending = (p: PendingMessage) => (
    <Bubble
      key={p.clientId}
      mine
      system={false}
      name=""
      footer={
        <Typography.Text type={p.failed ? 'danger' : 'secondary'} style={{ fontSize: 11 }}>
          {p.failed ? `${t('support.failed')}: ${p.failed}` : t('support.sending')}
        </Typography.Text>
      }
    >
      {p.body}
      <Pictures urls={p.previewUrls} />
    </Bubble>
  );

  return (
    <Card
      size="small"
      title={
        <Flex align="center" justify="space-between" gap={8} wrap>
          <span>
            {t('support.chatTitle')}
            {chat?.orderNo ? ` · ${t('support.aboutOrder', { orderNo: chat.orderNo })}` : ''}
          </span>
          {extra}
        </Flex>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Flex vertical gap={8} style={{ padding: 12 }}>
        <StatusLine chat={chat} connected={live.connected} />
      </Flex>
      <div
        ref={list}
        aria-live="polite"
        style={{
          height: 'min(52vh, 460px)',
          overflowY: 'auto',
          padding: '4px 12px',
          display: 'flex',
          flexDirection: 'column',
          gap: 10,
        }}
      >
        {live.messages.length === 0 && live.pending.length === 0 && (
          <Typography.Text type="secondary">{t('support.messagesEmpty')}</Typography.Text>
        )}
        {live.messages.map(renderMessage)}
        {live.pending.map(renderPending)}
        {live.otherTyping && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} role="status">
            {t('support.typing')}
          </Typography.Text>
        )}
      </div>
      <Flex vertical gap={8} style={{ padding: 12, borderTop: '1px solid #f0f0f0' }}>
        {closed ? (
          side === 'shopper' && chat ? (
            <RatingBox chat={chat} />
          ) : (
            <Typography.Text type="secondary">{t('support.ended')}</Typography.Text>
          )
        ) : (
          <>
            <Input.TextArea
              value={text}
              aria-label={t('support.inputPlaceholder')}
              placeholder={t('support.inputPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={2000}
              onChange={(e) => {
                setText(e.target.value);
                live.typing();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
            <Flex justify="space-between" gap={8} wrap>
              <Flex gap={8}>
                <input
                  ref={fileInput}
                  type="file"
                  accept="image/jpeg,image/png,image/webp,image/gif"
                  hidden
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void attach(file);
                  }}
                />
                <Button
                  icon={<PictureOutlined />}
                  loading={uploading}
                  onClick={() => fileInput.current?.click()}
                >
                  {t('support.attachImage')}
                </Button>
                {cannedReplies.length > 0 && (
                  <Dropdown
                    menu={{
                      items: cannedReplies.map((r, i) => ({ key: String(i), label: r })),
                      onClick: ({ key }) => setText(cannedReplies[Number(key)] ?? ''),
                    }}
                  >
                    <Button>{t('support.staff.canned')}</Button>
                  </Dropdown>
                )}
              </Flex>
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={!text.trim()}
                onClick={submit}
              >
                {t('support.send')}
              </Button>
            </Flex>
          </>
        )}
      </Flex>
    </Card>
  );
}
