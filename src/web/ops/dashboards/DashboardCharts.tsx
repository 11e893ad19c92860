// The five dashboards as charts: cancellations per day by reason, cancellation rate by product,
// refund time by channel against the promise, SLA compliance, refunds stuck or failed.
import { Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/money.js';
import type { Dashboards } from '../../api/ops.js';
import { formatDateTime } from '../../ui/format.js';
import { PALETTE } from './charts.js';
import { EChart } from './EChart.js';

function Chart({ option, height = 300 }: { option: EChartsOption; height?: number }) {
  return <EChart option={{ color: PALETTE, ...option }} height={height} />;
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** Seconds as the unit a person reads: 秒, 分钟, 小时 or 天. */
function useDuration() {
  const { t } = useTranslation();
  return (s: number) => {
    if (s < 120) return t('ops.dash.seconds', { n: Math.round(s) });
    if (s < 7_200) return t('ops.dash.minutes', { n: (s / 60).toFixed(1) });
    if (s < 172_800) return t('ops.dash.hours', { n: (s / 3600).toFixed(1) });
    return t('ops.dash.days', { n: (s / 86_400).toFixed(1) });
  };
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive), so quiet days show as gaps. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= end && out.length < 400; d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

export function CancellationsChart({
  data,
  from,
  to,
}: {
  data: Dashboards['cancellations'];
  from: string;
  to: string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const days = data.rows.length === 0 ? [] : daysBetween(from, to);
  const codes = [...new Set(data.rows.map((r) => r.reasonCode))];
  const name = (code: string) => {
    const r = data.reasons.find((x) => x.code === code);
    return r ? (en ? r.en : r.zh) : code === 'payment_timeout' ? t('ops.dash.timeout') : code;
  };
  const count = new Map(data.rows.map((r) => [`${r.day}|${r.reasonCode}`, r.count]));
  if (days.length === 0) return <Empty description={t('ops.dash.noData')} />;
  return (
    <Chart
      option={{
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 40, right: 16, top: 40, bottom: days.length > 31 ? 60 : 30 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        ...(days.length > 31 ? { dataZoom: [{ type: 'slider', bottom: 8 }] } : {}),
        series: codes.map((code) => ({
          name: name(code),
          type: 'bar',
          stack: 'reasons',
          barMaxWidth: 32,
          data: days.map((d) => count.get(`${d}|${code}`) ?? 0),
        })),
      }}
    />
  );
}

export function ProductRateChart({ data }: { data: Dashboards['products'] }) {
  const { t } = useTranslation();
  if (data.rows.length === 0) return <Empty description={t('ops.dash.noData')} />;
  const rows = [...data.rows].reverse();
  return (
    <Chart
      height={Math.max(240, rows.length * 22 + 60)}
      option={{
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v) => `${Number(v).toFixed(1)}%`,
        },
        grid: { left: 8, right: 40, top: 10, bottom: 20, containLabel: true },
        xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        yAxis: {
          type: 'category',
          data: rows.map((r) => `${r.title}（${r.cancelledUnits}/${r.orderedUnits}）`),
          axisLabel: { width: 220, overflow: 'truncate' },
        },
        series: [
          {
            name: t('ops.dash.rate'),
            type: 'bar',
            barMaxWidth: 16,
            data: rows.map((r) => Number((r.rate * 100).toFixed(2))),
            label: { show: true, position: 'right', formatter: '{c}%' },
          },
        ],
      }}
    />
  );
}

export function RefundTimeChart({ data }: { data: Dashboards['refundTimes'] }) {
  const { t } = useTranslation();
  const duration = useDuration();
  if (data.rows.length === 0) return <Empty description={t('ops.dash.noData')} />;
  // Minutes on a log axis: a balance refund takes seconds, a bank card days.
  const minutes = (s: number) => Math.max(0.01, Number((s / 60).toFixed(2)));
  const channels = data.rows.map((r) =>
    t(`ops.channels.${r.channel}`, { defaultValue: r.channel }),
  );
  return (
    <>
      <Chart
        option={{
          tooltip: {
            trigger: 'axis',
            valueFormatter: (v) => duration(Number(v) * 60),
          },
          legend: { top: 0 },
          grid: { left: 50, right: 16, top: 40, bottom: 30 },
          xAxis: { type: 'category', data: channels },
          yAxis: { type: 'log', name: t('ops.dash.minutesAxis'), logBase: 10 },
          series: [
            {
              name: t('ops.dash.p50'),
              type: 'bar',
              barMaxWidth: 40,
              data: data.rows.map((r) => minutes(r.p50Seconds)),
            },
            {
              name: t('ops.dash.p90'),
              type: 'bar',
              barMaxWidth: 40,
              data: data.rows.map((r) => minutes(r.p90Seconds)),
            },
            {
              name: t('ops.dash.promised'),
              type: 'line',
              symbol: 'diamond',
              symbolSize: 12,
              lineStyle: { type: 'dashed' },
              data: data.rows.map((r) => minutes(r.promisedSeconds)),
            },
          ],
        }}
      />
      <Table
        size="small"
        rowKey="channel"
        pagination={false}
        dataSource={data.rows}
        columns={[
          {
            title: t('ops.dash.channel'),
            dataIndex: 'channel',
            render: (c: string) => t(`ops.channels.${c}`, { defaultValue: c }),
          },
          { title: t('ops.dash.refunds'), dataIndex: 'count' },
          { title: t('ops.dash.p50'), dataIndex: 'p50Seconds', render: duration },
          { title: t('ops.dash.p90'), dataIndex: 'p90Seconds', render: duration },
          { title: t('ops.dash.promised'), dataIndex: 'promisedSeconds', render: duration },
          {
            title: t('ops.dash.onTime'),
            key: 'onTime',
            render: (_v, r) => pct(r.onTime, r.count),
          },
        ]}
      />
    </>
  );
}

export function SlaChart({ data }: { data: Dashboards['sla'] }) {
  const { t } = useTranslation();
  const rows = [
    { key: 'cancellationRequests', ...data.cancellationRequests },
    { key: 'refundReviews', ...data.refundReviews },
    ...(data.messages ? [{ key: 'messages', ...data.messages }] : []),
  ];
  const names = rows.map((r) => t(`ops.dash.sla.${r.key}`));
  return (
    <>
      <Row gutter={12}>
        {rows.map((r) => (
          <Col key={r.key} xs={12}>
            <Statistic
              title={t(`ops.dash.sla.${r.key}`)}
              value={pct(r.met, r.total - r.open)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('ops.dash.slaOf', { met: r.met, total: r.total - r.open })}
                </Typography.Text>
              }
            />
          </Col>
        ))}
      </Row>
      <Chart
        height={180}
        option={{
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { bottom: 0 },
          grid: { left: 8, right: 16, top: 10, bottom: 36, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', data: names },
          series: (['met', 'missed', 'open'] as const).map((k, i) => ({
            name: t(`ops.dash.sla.${k}`),
            type: 'bar',
            barMaxWidth: 40,
            stack: 'sla',
            color: ['#52c41a', '#ff4d4f', '#bfbfbf'][i],
            data: rows.map((r) => r[k]),
          })),
        }}
      />
    </>
  );
}

export function RefundProblems({ data }: { data: Dashboards['problems'] }) {
  const { t } = useTranslation();
  const stuck = data.byChannel.reduce((n, r) => n + r.stuck, 0);
  const failed = data.byChannel.reduce((n, r) => n + r.failed, 0);
  return (
    <>
      <Row gutter={12}>
        <Col xs={12}>
          <Statistic title={t('ops.dash.stuck')} value={stuck} valueStyle={{ color: '#faad14' }} />
        </Col>
        <Col xs={12}>
          <Statistic
            title={t('ops.dash.failed')}
            value={failed}
            valueStyle={{ color: '#ff4d4f' }}
          />
        </Col>
      </Row>
      {data.byChannel.length > 0 && (
        <Chart
          height={160}
          option={{
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            legend: { bottom: 0 },
            grid: { left: 8, right: 16, top: 10, bottom: 36, containLabel: true },
            xAxis: {
              type: 'category',
              data: data.byChannel.map((r) =>
                t(`ops.channels.${r.channel}`, { defaultValue: r.channel }),
              ),
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                name: t('ops.dash.stuck'),
                type: 'bar',
                barMaxWidth: 40,
                stack: 'p',
                color: '#faad14',
                data: data.byChannel.map((r) => r.stuck),
              },
              {
                name: t('ops.dash.failed'),
                type: 'bar',
                barMaxWidth: 40,
                stack: 'p',
                color: '#ff4d4f',
                data: data.byChannel.map((r) => r.failed),
              },
            ],
          }}
        />
      )}
      <Table
        size="small"
        rowKey="refundId"
        pagination={false}
        dataSource={data.oldest}
        scroll={{ x: 600 }}
        locale={{ emptyText: t('ops.dash.noProblems') }}
        columns={[
          { title: t('ops.search.orderNo'), dataIndex: 'orderNo' },
          {
            title: t('ops.dash.channel'),
            dataIndex: 'channel',
            render: (c: string) => t(`ops.channels.${c}`, { defaultValue: c }),
          },
          {
            title: t('ops.dash.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'failed' ? 'red' : 'orange'}>
                {s === 'failed' ? t('ops.dash.failed') : t('ops.dash.stuck')}
              </Tag>
            ),
          },
          {
            title: t('ops.search.amount'),
            dataIndex: 'amountFen',
            render: (f: number) => formatYuan(f),
          },
          {
            title: t('ops.dash.expectedBy'),
            dataIndex: 'expectedLatest',
            render: (at: string) => formatDateTime(at),
          },
        ]}
      />
    </>
  );
}

export function DashboardCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}
