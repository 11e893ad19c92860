// 留言处理 (agents, operators): messages waiting for a reply, due soonest first, overdue ones in
// red; 回复 notifies the shopper.
import { App, Button, Card, Empty, Flex, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardMessageView } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useOpsBoard, useReplyBoard } from '../api/support.js';
import { BoardEntry } from '../shopper/BoardPage.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { RoleGate } from './StaffLayout.js';

function ReplyBox({ m }: { m: BoardMessageView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reply = useReplyBoard();
  const [text, setText] = useState('');
  return (
    <Flex gap={8} align="flex-start">
      <Input.TextArea
        value={text}
        aria-label={t('support.board.replyPlaceholder')}
        placeholder={t('support.board.replyPlaceholder')}
        autoSize={{ minRows: 1, maxRows: 4 }}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
      />
      <Button
        type="primary"
        loading={reply.isPending}
        disabled={!text.trim()}
        onClick={() =>
          reply.mutate(
            { id: m.id, body: text.trim() },
            {
              onSuccess: () => {
                setText('');
                void message.success(t('support.board.replied'));
              },
              onError: (err) => void message.error(errorMessage(err)),
            },
          )
        }
      >
        {t('support.board.reply')}
      </Button>
    </Flex>
  );
}

function Queue({ state }: { state: 'open' | 'answered' }) {
  const { t } = useTranslation();
  const board = useOpsBoard(state);
  if (board.isPending) return <PageSkeleton rows={4} />;
  if (board.isError) return <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />;
  if (board.data.items.length === 0) return <Empty description={t('support.board.empty')} />;
  return (
    <Flex vertical gap={8}>
      {board.data.items.map((m) => (
        <Flex key={m.id} vertical gap={6}>
          <BoardEntry m={m} staff />
          <ReplyBox m={m} />
        </Flex>
      ))}
    </Flex>
  );
}

export function BoardQueuePage() {
  const { t } = useTranslation();
  return (
    <RoleGate roles={['agent', 'operator']}>
      <Flex vertical gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('support.staff.boardQueue')}
        </Typography.Title>
        <Card size="small">
          <Tabs
            items={[
              { key: 'open', label: t('support.staff.openTab'), children: <Queue state="open" /> },
              {
                key: 'answered',
                label: t('support.staff.answeredTab'),
                children: <Queue state="answered" />,
              },
            ]}
          />
        </Card>
      </Flex>
    </RoleGate>
  );
}
