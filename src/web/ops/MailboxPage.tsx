// 邮箱与短信: email and SMS the platform sent, filter by recipient, body as plain text; a link
// to 发送失败 (notices that used up their retries).
import { Button, Card, Flex, Grid, Input, Modal, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutgoingMessages, type OutgoingMessage } from '../api/staff.js';
import { LinkButton } from '../ui/AppLink.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { RoleGate } from './StaffLayout.js';

function ChannelTag({ channel }: { channel: OutgoingMessage['channel'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={channel === 'email' ? 'blue' : 'green'} style={{ marginInlineEnd: 0 }}>
      {channel === 'email' ? t('staff.email') : t('staff.sms')}
    </Tag>
  );
}

function Mailbox() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [recipient, setRecipient] = useState('');
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState<OutgoingMessage | null>(null);
  const messages = useOutgoingMessages(recipient);
  const rows = messages.data?.pages.flatMap((p) => p.items) ?? [];

  const view = (m: OutgoingMessage) => (
    <Button size="small" onClick={() => setOpen(m)}>
      {t('common.view')}
    </Button>
  );

  const columns: TableColumnsType<OutgoingMessage> = [
    {
      title: t('staff.sentAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('staff.channel'),
      dataIndex: 'channel',
      width: 80,
      render: (c: OutgoingMessage['channel']) => <ChannelTag channel={c} />,
    },
    { title: t('staff.recipient'), dataIndex: 'recipient' },
    {
      title: t('staff.subject'),
      dataIndex: 'subject',
      render: (s: string, m) => s || m.body.slice(0, 40),
    },
    { title: t('staff.actions'), key: 'actions', width: 90, render: (_v, m) => view(m) },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('staff.mailbox')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('staff.mailboxNote')}
          <LinkButton type="link" size="small" to="/staff/failed-notices">
            {t('notices.failed.viewFailed')}
          </LinkButton>
        </Typography.Text>
      </Flex>
      <Flex align="center" gap={8} wrap>
        <label htmlFor="mailbox-recipient">{t('staff.recipient')}</label>
        <Input.Search
          id="mailbox-recipient"
          placeholder={t('staff.recipientPlaceholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(v) => setRecipient(v.trim())}
          allowClear
          maxLength={254}
          style={{ maxWidth: 360, flex: '1 1 220px' }}
        />
      </Flex>
      {messages.isError && (
        <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} />
      )}
      {phone ? (
        messages.isPending ? (
          <Card loading />
        ) : rows.length === 0 ? (
          <EmptyState description={t('staff.noMessages')} />
        ) : (
          rows.map((m) => (
            <Card key={m.id} size="small">
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text ellipsis style={{ minWidth: 0 }}>
                  {m.recipient}
                </Typography.Text>
                <ChannelTag channel={m.channel} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {formatDateTime(m.createdAt)}
              </Typography.Text>
              <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 6 }}>
                <Typography.Text ellipsis style={{ minWidth: 0 }}>
                  {m.subject || m.body.slice(0, 40)}
                </Typography.Text>
                {view(m)}
              </Flex>
            </Card>
          ))
        )
      ) : (
        <Table<OutgoingMessage>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={messages.isPending}
          pagination={false}
          size="middle"
          locale={{ emptyText: <EmptyState description={t('staff.noMessages')} /> }}
          scroll={{ x: 'max-content' }}
        />
      )}
      {messages.hasNextPage && (
        <Flex justify="center">
          <Button
            onClick={() => void messages.fetchNextPage()}
            loading={messages.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
      <Modal
        open={open !== null}
        title={open?.subject || (open?.channel === 'sms' ? t('staff.sms') : t('staff.email'))}
        onCancel={() => setOpen(null)}
        footer={<Button onClick={() => setOpen(null)}>{t('common.close')}</Button>}
        destroyOnHidden
      >
        {open && (
          <Flex vertical gap={8}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('staff.recipient')}：{open.recipient} · {formatDateTime(open.createdAt)}
            </Typography.Text>
            {/* Plain text on purpose: message bodies are never rendered as HTML. */}
            <pre className="btp-mailbox-body">{open.body}</pre>
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}

export function MailboxPage() {
  return (
    <RoleGate roles={['operator', 'agent']}>
      <Mailbox />
    </RoleGate>
  );
}
