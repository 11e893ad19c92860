// 客服记录 on an order page: its chats (full transcripts) and 留言 with replies.
import { Card, Collapse, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSupportHistory } from '../api/support.js';
import { formatDateTime } from '../ui/format.js';

export function SupportHistoryCard({ orderNo, staff }: { orderNo: string; staff: boolean }) {
  const { t } = useTranslation();
  const history = useSupportHistory(orderNo, staff);
  const h = history.data;
  const empty = !h || (h.chats.length === 0 && h.boardMessages.length === 0);
  return (
    <Card size="small" title={t('support.history.title')} data-testid="support-history">
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('support.history.empty')} />
      ) : (
        <Collapse
          size="small"
          items={[
            ...h.chats.map((c) => ({
              key: `chat-${c.id}`,
              label: `${t('support.history.chat', { id: c.id })} · ${formatDateTime(c.openedAt)}${
                c.agentName ? ` · ${t('support.history.agent', { name: c.agentName })}` : ''
              }${c.rating ? ` · ${t('support.history.rating', { rating: c.rating })}` : ''}`,
              children: (
                <Flex vertical gap={4}>
                  {c.messages.map((m) => (
                    <Typography.Text key={m.id} style={{ whiteSpace: 'pre-wrap' }}>
                      <Typography.Text type="secondary">
                        {formatDateTime(m.createdAt)} {m.senderName}：
                      </Typography.Text>
                      {m.body}
                      {m.attachments.map((a) => (
                        <Typography.Link key={a.id} href={a.url} target="_blank">
                          {' '}
                          [{a.fileName}]
                        </Typography.Link>
                      ))}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            })),
            ...h.boardMessages.map((b) => ({
              key: `board-${b.id}`,
              label: `${t('support.history.boardMessage', { subject: b.subject })} · ${formatDateTime(b.createdAt)}`,
              children: (
                <Flex vertical gap={4}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{b.body}</Typography.Text>
                  {b.replies.map((r) => (
                    <Typography.Text key={r.id} style={{ whiteSpace: 'pre-wrap' }}>
                      <Typography.Text type="secondary">
                        {formatDateTime(r.createdAt)} {r.authorName}：
                      </Typography.Text>
                      {r.body}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            })),
          ]}
        />
      )}
    </Card>
  );
}
