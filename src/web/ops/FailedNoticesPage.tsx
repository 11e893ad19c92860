// 发送失败: email and SMS notices that used up their retries (operators and agents), with
// 重新发送 (the notice goes back to the send queue and leaves this list).
import { App, Button, Card, Flex, Grid, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.js';
import { useFailedNotices, useResendNotice, type FailedNotice } from '../api/notices.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { RoleGate } from './StaffLayout.js';

function ChannelTag({ channel }: { channel: FailedNotice['channel'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={channel === 'email' ? 'blue' : 'green'} style={{ marginInlineEnd: 0 }}>
      {channel === 'email' ? t('staff.email') : t('staff.sms')}
    </Tag>
  );
}

function FailedNotices() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const failed = useFailedNotices();
  const resend = useResendNotice();
  const rows = failed.data?.items ?? [];

  const resendButton = (n: FailedNotice) => (
    <Button
      size="small"
      loading={resend.isPending && resend.variables === n.id}
      disabled={resend.isPending && resend.variables !== n.id}
      aria-label={`${t('notices.failed.resend')} ${n.recipient}`}
      onClick={() =>
        resend.mutate(n.id, {
          onSuccess: () => void message.success(t('notices.failed.resent')),
          onError: (err) => void message.error(errorMessage(err)),
        })
      }
    >
      {t('notices.failed.resend')}
    </Button>
  );
  const lastError = (e: string | null) => (
    <Typography.Text type={e ? 'danger' : 'secondary'} style={{ overflowWrap: 'anywhere' }}>
      {e ?? t('notices.failed.noError')}
    </Typography.Text>
  );

  const columns: TableColumnsType<FailedNotice> = [
    {
      title: t('notices.failed.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('notices.failed.channel'),
      dataIndex: 'channel',
      width: 80,
      render: (c: FailedNotice['channel']) => <ChannelTag channel={c} />,
    },
    { title: t('notices.failed.recipient'), dataIndex: 'recipient' },
    { title: t('notices.failed.subject'), dataIndex: 'subject' },
    { title: t('notices.failed.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
    {
      title: t('notices.failed.lastError'),
      dataIndex: 'lastError',
      width: 260,
      render: (e: string | null) => lastError(e),
    },
    {
      title: t('notices.failed.actions'),
      key: 'actions',
      width: 110,
      render: (_v, n) => resendButton(n),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('notices.failed.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('notices.failed.note')}</Typography.Text>
      </Flex>
      {failed.isError && <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />}
      {phone ? (
        failed.isPending ? (
          <Card loading />
        ) : rows.length === 0 ? (
          <EmptyState description={t('notices.failed.empty')} />
        ) : (
          rows.map((n) => (
            <Card key={n.id} size="small">
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text ellipsis style={{ minWidth: 0 }}>
                  {n.recipient}
                </Typography.Text>
                <ChannelTag channel={n.channel} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {formatDateTime(n.createdAt)} · {t('notices.failed.attempts')} {n.attempts}
              </Typography.Text>
              <Typography.Text style={{ display: 'block', marginTop: 6 }}>
                {n.subject}
              </Typography.Text>
              <div style={{ fontSize: 12, marginTop: 4 }}>
                {t('notices.failed.lastError')}：{lastError(n.lastError)}
              </div>
              <Flex justify="flex-end" style={{ marginTop: 8 }}>
                {resendButton(n)}
              </Flex>
            </Card>
          ))
        )
      ) : (
        <Table<FailedNotice>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={failed.isPending}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          size="middle"
          locale={{ emptyText: <EmptyState description={t('notices.failed.empty')} /> }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Flex>
  );
}

export function FailedNoticesPage() {
  return (
    <RoleGate roles={['operator', 'agent']}>
      <FailedNotices />
    </RoleGate>
  );
}
