// 对账 (operators): per channel and day, our payments and refunds against the channel's
// statement — totals side by side, the mismatches of a day when its row is opened, 重新对账 for a
// day, a form to check a day that has no row yet, and the channel refunds that match no payment
// of ours. Staff flows run on the desktop.
import { App, Button, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import {
  useRerunStatement,
  useStatementRun,
  useStatementRuns,
  type StatementRun,
} from '../api/statements.js';
import type { StatementMismatchView } from '../../contracts/index.js';
import { EmptyState, ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';
import { RoleGate } from './StaffLayout.js';
import { UnmatchedProviderRefunds } from './UnmatchedProviderRefunds.js';

type Side = NonNullable<StatementRun['totals']>['payments'];

function OursTheirs({ side }: { side: Side | undefined }) {
  const { t } = useTranslation();
  if (!side) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = (c: { count: number; fen: number }) =>
    t('ops.statements.countFen', { count: c.count, amount: formatYuan(c.fen) });
  const same = side.ours.count === side.theirs.count && side.ours.fen === side.theirs.fen;
  return (
    <Typography.Text type={same ? undefined : 'danger'} style={{ whiteSpace: 'nowrap' }}>
      {text(side.ours)} / {text(side.theirs)}
    </Typography.Text>
  );
}

function Mismatches({ run }: { run: StatementRun }) {
  const { t } = useTranslation();
  const detail = useStatementRun(run.provider, run.day);
  if (detail.isError)
    return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const yuan = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));
  const columns: TableColumnsType<StatementMismatchView> = [
    {
      title: t('ops.statements.mismatches'),
      dataIndex: 'kind',
      render: (k: StatementMismatchView['kind']) => (
        <Tag color={k === 'amount_differs' || k === 'state_differs' ? 'orange' : 'red'}>
          {t(`ops.statements.kind.${k}`)}
        </Tag>
      ),
    },
    {
      title: t('ops.statements.entry.payment') + ' / ' + t('ops.statements.entry.refund'),
      dataIndex: 'entry',
      render: (e: StatementMismatchView['entry']) => t(`ops.statements.entry.${e}`),
    },
    { title: t('ops.statements.reference'), dataIndex: 'reference' },
    {
      title: t('ops.statements.orderNo'),
      dataIndex: 'orderNo',
      render: (o: string | null) => o ?? '—',
    },
    {
      title: t('ops.statements.ours'),
      dataIndex: 'ourAmountFen',
      align: 'right',
      render: yuan,
    },
    {
      title: t('ops.statements.theirs'),
      dataIndex: 'theirAmountFen',
      align: 'right',
      render: yuan,
    },
    {
      title: t('ops.statements.ourStatus'),
      dataIndex: 'ourStatus',
      render: (s: string | null) => s ?? '—',
    },
  ];
  return (
    <Table<StatementMismatchView>
      rowKey={(m) => `${m.kind}-${m.entry}-${m.reference}-${m.theirAmountFen ?? ''}`}
      columns={columns}
      dataSource={detail.data?.mismatches ?? []}
      loading={detail.isPending}
      pagination={false}
      size="small"
      locale={{ emptyText: t('ops.statements.noMismatch') }}
    />
  );
}

function RunDayForm({ channels }: { channels: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rerun = useRerunStatement();
  const [form] = Form.useForm<{ provider: string; day: string }>();
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ provider: channels[0] }}
      onFinish={(v) =>
        rerun.mutate(v, {
          onSuccess: () => void message.success(t('ops.statements.rerunDone')),
          onError: (err) => void message.error(errorMessage(err)),
        })
      }
    >
      <Form.Item name="provider" label={t('ops.statements.channel')} rules={[{ required: true }]}>
        <Select
          style={{ width: 140 }}
          options={channels.map((c) => ({ value: c, label: t(`ops.statements.provider.${c}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="day"
        label={t('ops.statements.day')}
        rules={[{ required: true, message: t('ops.statements.pickDay') }]}
      >
        <Input type="date" aria-label={t('ops.statements.pickDay')} />
      </Form.Item>
      <Form.Item>
        <Button htmlType="submit" loading={rerun.isPending}>
          {t('ops.statements.run')}
        </Button>
      </Form.Item>
    </Form>
  );
}

function Statements() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const runs = useStatementRuns();
  const rerun = useRerunStatement();
  const rows = runs.data?.runs ?? [];
  const channels = runs.data?.channels ?? [];
  const busy = (r: StatementRun) =>
    rerun.isPending && rerun.variables.provider === r.provider && rerun.variables.day === r.day;

  const columns: TableColumnsType<StatementRun> = [
    { title: t('ops.statements.day'), dataIndex: 'day', width: 120 },
    {
      title: t('ops.statements.channel'),
      dataIndex: 'provider',
      width: 110,
      render: (p: string) => t(`ops.statements.provider.${p}`),
    },
    {
      title: t('ops.statements.status'),
      key: 'status',
      render: (_v, r) =>
        r.status === 'matched' ? (
          <Tag color="green">{t('ops.statements.matched')}</Tag>
        ) : (
          <Flex vertical gap={2}>
            <Tag color="red" style={{ width: 'fit-content' }}>
              {t('ops.statements.failed')}
            </Tag>
            <Typography.Text type="danger" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {t('ops.statements.lastError', { failures: r.failures, error: r.lastError ?? '' })}
            </Typography.Text>
          </Flex>
        ),
    },
    {
      title: t('ops.statements.payments'),
      key: 'payments',
      render: (_v, r) => <OursTheirs side={r.totals?.payments} />,
    },
    {
      title: t('ops.statements.refunds'),
      key: 'refunds',
      render: (_v, r) => <OursTheirs side={r.totals?.refunds} />,
    },
    {
      title: t('ops.statements.mismatches'),
      dataIndex: 'mismatchCount',
      render: (n: number) =>
        n === 0 ? (
          <Typography.Text type="secondary">{t('ops.statements.noMismatch')}</Typography.Text>
        ) : (
          <Tag color="red">{t('ops.statements.mismatchCount', { count: n })}</Tag>
        ),
    },
    {
      title: t('ops.statements.triedAt'),
      dataIndex: 'triedAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: '',
      key: 'actions',
      width: 120,
      render: (_v, r) => (
        <Button
          size="small"
          loading={busy(r)}
          disabled={rerun.isPending && !busy(r)}
          aria-label={`${t('ops.statements.rerun')} ${t(`ops.statements.provider.${r.provider}`)} ${r.day}`}
          onClick={() =>
            rerun.mutate(
              { provider: r.provider, day: r.day },
              {
                onSuccess: () => void message.success(t('ops.statements.rerunDone')),
                onError: (err) => void message.error(errorMessage(err)),
              },
            )
          }
        >
          {t('ops.statements.rerun')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ops.statements.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ops.statements.note')}</Typography.Text>
      </Flex>
      {runs.isError && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.isSuccess && channels.length === 0 ? (
        <EmptyState description={t('ops.statements.noChannels')} />
      ) : (
        channels.length > 0 && <RunDayForm channels={channels} />
      )}
      <Table<StatementRun>
        rowKey={(r) => `${r.provider}-${r.day}`}
        columns={columns}
        dataSource={rows}
        loading={runs.isPending}
        expandable={{
          rowExpandable: (r) => r.mismatchCount > 0,
          expandedRowRender: (r) => <Mismatches run={r} />,
        }}
        pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: <EmptyState description={t('ops.statements.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
      <UnmatchedProviderRefunds />
    </Flex>
  );
}

export function StatementsPage() {
  return (
    <RoleGate roles={['operator']}>
      <Statements />
    </RoleGate>
  );
}
