// 我的留言: leave a message (about an order or not) and read customer service's replies; each
// message shows by when a reply is due.
import { App, Button, Card, Empty, Flex, Form, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BoardMessageView } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useLeaveMessage, useMyBoard } from '../api/support.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';

export function BoardEntry({ m, staff = false }: { m: BoardMessageView; staff?: boolean }) {
  const { t } = useTranslation();
  const state = m.answeredAt ? 'answered' : m.late ? 'late' : 'waiting';
  return (
    <Card
      size="small"
      data-testid="board-message"
      style={
        staff && m.late && !m.answeredAt
          ? { borderColor: '#ff4d4f', background: '#fff2f0' }
          : undefined
      }
      title={
        <Flex gap={8} align="center" wrap>
          <span>{m.subject}</span>
          <Tag color={state === 'answered' ? 'green' : state === 'late' ? 'red' : 'orange'}>
            {t(`support.board.${state}`)}
          </Tag>
        </Flex>
      }
      extra={
        m.orderNo ? (
          <Link to={staff ? `/staff/orders/${m.orderNo}` : `/orders/${m.orderNo}`}>
            {m.orderNo}
          </Link>
        ) : null
      }
    >
      <Flex vertical gap={6}>
        {staff && <Typography.Text type="secondary">{m.shopperName}</Typography.Text>}
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {m.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(m.createdAt)} ·{' '}
          {t('support.board.dueAt', { time: formatDateTime(m.replyDueAt) })}
        </Typography.Text>
        {m.replies.map((r) => (
          <div key={r.id} style={{ background: '#fafafa', borderRadius: 6, padding: '6px 10px' }}>
            <Typography.Text strong>
              {t('support.board.staffReply')} {r.authorName}
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {r.body}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(r.createdAt)}
            </Typography.Text>
          </div>
        ))}
      </Flex>
    </Card>
  );
}

export function BoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orderNo = useSearchParams()[0].get('order') ?? undefined;
  const board = useMyBoard();
  const leave = useLeaveMessage();
  const [form] = Form.useForm<{ subject: string; body: string }>();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 760, marginInline: 'auto' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('support.board.title')}
      </Typography.Title>
      <Card size="small" title={t('support.board.new')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            leave.mutate(
              { ...v, ...(orderNo ? { orderNo } : {}) },
              {
                onSuccess: () => {
                  form.resetFields();
                  void message.success(t('support.board.submitted'));
                },
                onError: (err) => void message.error(errorMessage(err)),
              },
            )
          }
        >
          <Form.Item label={t('support.board.order')}>
            <Typography.Text>{orderNo ?? t('support.board.orderNone')}</Typography.Text>
          </Form.Item>
          <Form.Item
            name="subject"
            label={t('support.board.subject')}
            rules={[{ required: true, whitespace: true, max: 80 }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('support.board.body')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={leave.isPending}>
            {t('support.board.submit')}
          </Button>
        </Form>
      </Card>
      {board.isPending ? (
        <PageSkeleton rows={4} />
      ) : board.isError ? (
        <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data.items.length === 0 ? (
        <Empty description={t('support.board.empty')} />
      ) : (
        board.data.items.map((m) => <BoardEntry key={m.id} m={m} />)
      )}
    </Flex>
  );
}
