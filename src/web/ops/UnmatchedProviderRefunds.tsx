// 对账 → refunds a channel told us of that match no payment of ours: made in the channel's own
// merchant dashboard for a trade we do not know. They are listed, never applied, so that an
// operator can find where the money went (refunds that match an order are recorded on it).
import { Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../domain/money.js';
import { useUnmatchedProviderRefunds, type UnmatchedProviderRefund } from '../api/statements.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';

const STATUS_COLORS: Record<string, string> = {
  succeeded: 'green',
  processing: 'blue',
  failed: 'red',
};

export function UnmatchedProviderRefunds() {
  const { t } = useTranslation();
  const list = useUnmatchedProviderRefunds();
  const rows = list.data?.items ?? [];
  const columns: TableColumnsType<UnmatchedProviderRefund> = [
    {
      title: t('ops.statements.unmatched.receivedAt'),
      dataIndex: 'receivedAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('ops.statements.channel'),
      dataIndex: 'provider',
      render: (p: string) => t(`ops.statements.provider.${p}`, { defaultValue: p }),
    },
    {
      title: t('ops.statements.unmatched.tradeNo'),
      dataIndex: 'merchantOrderNo',
      render: (no: string) => no || '—',
    },
    {
      title: t('ops.statements.unmatched.refundNo'),
      key: 'refundNo',
      render: (_v, r) => (
        <Typography.Text copyable style={{ overflowWrap: 'anywhere' }}>
          {r.providerRefundId ?? r.refundKey}
        </Typography.Text>
      ),
    },
    {
      title: t('ops.statements.unmatched.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (fen: number | null) => (fen === null ? '—' : formatYuan(fen)),
    },
    {
      title: t('ops.statements.status'),
      dataIndex: 'status',
      render: (s: string) => (
        <Tag color={STATUS_COLORS[s] ?? 'default'}>
          {t(`ops.statements.unmatched.status.${s}`, { defaultValue: s })}
        </Tag>
      ),
    },
  ];
  return (
    <Flex vertical gap={8} component="section" aria-labelledby="unmatched-refunds-title">
      <Flex vertical gap={4}>
        <Typography.Title level={5} id="unmatched-refunds-title" style={{ margin: 0 }}>
          {t('ops.statements.unmatched.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ops.statements.unmatched.note')}</Typography.Text>
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<UnmatchedProviderRefund>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        size="small"
        locale={{ emptyText: <EmptyState description={t('ops.statements.unmatched.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
    </Flex>
  );
}
