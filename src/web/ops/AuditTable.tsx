// Audit rows as a table: when, who (name and role), what, the fields that changed (before →
// after) and the request id to find the request in the logs.
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditRowView } from '../api/ops.js';
import { formatDateTime } from '../ui/format.js';

const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));

/** Field by field: what it was and what it became; unchanged fields are left out. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => show(b[k]) !== show(a[k]),
  );
  if (keys.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2} style={{ fontSize: 12 }}>
      {keys.map((k) => (
        <span key={k} style={{ wordBreak: 'break-all' }}>
          <Typography.Text code>{k}</Typography.Text>{' '}
          {k in b && (
            <Typography.Text delete type="secondary">
              {show(b[k])}
            </Typography.Text>
          )}
          {k in b && k in a && ' → '}
          {k in a && <Typography.Text>{show(a[k])}</Typography.Text>}
        </span>
      ))}
    </Flex>
  );
}

export function AuditTable({
  rows,
  loading,
  showOrder,
  hasMore,
  onMore,
  loadingMore,
}: {
  rows: AuditRowView[];
  loading: boolean;
  showOrder: boolean;
  hasMore: boolean;
  onMore: () => void;
  loadingMore: boolean;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<AuditRowView> = [
    {
      title: t('ops.audit.at'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('ops.audit.actor'),
      key: 'actor',
      width: 160,
      render: (_v, r) => (
        <Flex gap={4} wrap align="center">
          <span>
            {r.actorName ?? (r.actorId === null ? t('ops.roles.system') : `#${r.actorId}`)}
          </span>
          <Tag style={{ marginInlineEnd: 0 }}>
            {t(`ops.roles.${r.actorRole}`, { defaultValue: r.actorRole })}
          </Tag>
        </Flex>
      ),
    },
    {
      title: t('ops.audit.action'),
      key: 'action',
      width: 220,
      render: (_v, r) => (
        <Flex vertical>
          <Typography.Text code>{r.action}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.entityType} #{r.entityId}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(showOrder
      ? [
          {
            title: t('ops.audit.order'),
            dataIndex: 'orderNo',
            width: 190,
            render: (no: string | null) => no ?? '—',
          },
        ]
      : []),
    {
      title: t('ops.audit.change'),
      key: 'change',
      render: (_v, r) => <AuditDiff before={r.before} after={r.after} />,
    },
    {
      title: t('ops.audit.requestId'),
      dataIndex: 'requestId',
      width: 150,
      render: (id: string | null) =>
        id ? (
          <Typography.Text copyable={{ text: id }} style={{ fontSize: 12 }} ellipsis>
            {id.slice(0, 13)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Flex vertical gap={8}>
      <Table<AuditRowView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('ops.audit.empty') }}
      />
      {hasMore && (
        <Button onClick={onMore} loading={loadingMore} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Flex>
  );
}
