// 取消订单 / 申请取消: 1. what to cancel (整单取消 or lines and quantities), 2. 取消原因, the
// 退款预览 for exactly those units (refetched, debounced, as the choice changes), a standing
// warning, and 确认取消 / 提交申请. Success goes to the result page.
import {
  Alert,
  App,
  Card,
  Flex,
  Input,
  InputNumber,
  Modal,
  Radio,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CancellationOptions, CancelResponse, OrderDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import {
  linesParam,
  useCancellationOptions,
  useCancelOrder,
  type CancelSelection,
} from '../api/cancellation.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import { useLocalized } from '../ui/format.js';
import { Price } from '../ui/Price.js';

const DEBOUNCE_MS = 350;
const REASON_TEXT_MAX = 200;

export interface CancelResultState {
  response: CancelResponse;
  /** The preview's 预计到账 text, to repeat on the result page. */
  expected: { zh: string; en: string } | null;
  slaHours: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex justify="space-between" align="baseline" gap={12}>
      <Typography.Text type="secondary" style={{ flex: '0 0 auto' }}>
        {label}
      </Typography.Text>
      <span style={{ textAlign: 'end', minWidth: 0 }}>{children}</span>
    </Flex>
  );
}

function RefundPreviewCard({
  order,
  preview,
  loading,
}: {
  order: OrderDetail;
  preview: NonNullable<CancellationOptions['preview']>;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const { pick, label } = useLocalized();
  return (
    <Card
      size="small"
      title={t('cancel.preview')}
      extra={loading ? <Spin size="small" aria-label={t('cancel.previewLoading')} /> : null}
      styles={{ body: { opacity: loading ? 0.6 : 1 } }}
      aria-busy={loading}
    >
      <Flex vertical gap={6}>
        {preview.lines.map((p) => {
          const line = order.lines.find((l) => l.id === p.lineId);
          const title = line ? pick(line.title, line.titleEn) : `#${p.lineId}`;
          return (
            <Row key={p.lineId} label={t('cancel.lineRefund', { title, count: p.quantity })}>
              <Typography.Text>{formatYuan(p.paidShareFen)}</Typography.Text>
            </Row>
          );
        })}
        <Row label={t('cancel.fee')}>
          <Typography.Text type={preview.feeFen > 0 ? 'danger' : undefined}>
            {preview.feeFen > 0 ? `-${formatYuan(preview.feeFen)}` : formatYuan(0)}
          </Typography.Text>
        </Row>
        <Row label={t('cancel.shippingRefund')}>
          <Typography.Text>{formatYuan(preview.shippingRefundFen)}</Typography.Text>
        </Row>
        <Flex
          justify="space-between"
          align="baseline"
          style={{ borderTop: '1px solid #f0f0f0', paddingTop: 6 }}
        >
          <Typography.Text strong>{t('cancel.total')}</Typography.Text>
          <Price fen={preview.totalFen} size="medium" />
        </Flex>
        {preview.totalFen > 0 && preview.channel && (
          <Row label={t('cancel.destination')}>
            <Typography.Text>{t(`channel.${preview.channel}`)}</Typography.Text>
          </Row>
        )}
        {preview.totalFen > 0 && preview.expected && (
          <Row label={t('cancel.expected')}>
            <Typography.Text>{label(preview.expected.text)}</Typography.Text>
          </Row>
        )}
        {preview.totalFen === 0 && order.paidFen === 0 && (
          <Typography.Text type="secondary">{t('cancel.noRefund')}</Typography.Text>
        )}
        {preview.coupons.map((c) => (
          <Alert
            key={c.shopperCouponId}
            type={c.fate === 'returned' ? 'success' : 'warning'}
            showIcon
            title={`${t('cancel.coupon', { title: pick(c.title, c.titleEn) })}${label(c.text)}`}
          />
        ))}
        {preview.review && <Alert type="info" showIcon title={t('cancel.review')} />}
      </Flex>
    </Card>
  );
}

export function CancelOrderDialog({
  order,
  options,
  onClosed,
}: {
  order: OrderDetail;
  /** The whole-order options the page already has. */
  options: CancellationOptions;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const { pick, label } = useLocalized();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const idem = useIdempotencyKey();
  const cancel = useCancelOrder(order.orderNo);
  const [open, setOpen] = useState(true);
  const [scope, setScope] = useState<'all' | 'lines'>('all');
  const [qty, setQty] = useState<Record<number, number>>({});
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [reasonText, setReasonText] = useState('');

  const partialAllowed = options.partialAllowed;
  // Lines that stay in the order whatever is chosen (付款后不可取消).
  const kept = order.lines
    .filter((l) => {
      const o = options.lines.find((x) => x.lineId === l.id);
      return o !== undefined && o.remaining > 0 && !o.cancellable;
    })
    .map((l) => pick(l.title, l.titleEn));
  const selection: CancelSelection | null = useMemo(() => {
    if (scope === 'all' || !partialAllowed) return 'all';
    const chosen = options.lines
      .filter((l) => l.cancellable && (qty[l.lineId] ?? 0) > 0)
      .map((l) => ({ lineId: l.lineId, quantity: qty[l.lineId] ?? 0 }));
    return chosen.length > 0 ? chosen : null;
  }, [scope, partialAllowed, options.lines, qty]);
  const param = selection === null ? null : linesParam(selection);
  const debounced = useDebounced(param, DEBOUNCE_MS);
  const current = useCancellationOptions(order.orderNo, debounced ?? '', debounced !== null);
  const live = current.data ?? options;
  const stale = param !== debounced || current.isFetching || current.isPlaceholderData;
  const preview = selection === null ? null : live.preview;
  const mode = live.mode;
  const reason = live.reasons.find((r) => r.code === reasonCode) ?? null;
  const textMissing = reason?.needsText === true && reasonText.trim() === '';

  const canSubmit =
    mode !== null &&
    selection !== null &&
    !stale &&
    !current.isError &&
    reason !== null &&
    !textMissing;

  const submit = async () => {
    if (!canSubmit || selection === null || reason === null) return;
    const body = {
      selection,
      reasonCode: reason.code,
      ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}),
    };
    try {
      const response = await cancel.mutateAsync({ body, key: idem.keyFor(body) });
      idem.reset();
      const state: CancelResultState = {
        response,
        expected: preview?.expected?.text ?? null,
        slaHours: live.requestSlaHours,
      };
      setOpen(false);
      void navigate(`/orders/${order.orderNo}/cancelled`, { state });
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  const request = mode === 'request';
  const title = request ? t('cancel.requestCancel') : t('cancel.cancelOrder');

  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText={request ? t('cancel.confirmRequest') : t('cancel.confirmInstant')}
      cancelText={t('cancel.keep')}
      okButtonProps={{ disabled: !canSubmit, danger: !request }}
      confirmLoading={cancel.isPending}
      onOk={() => void submit()}
      // Phone-first: the body scrolls inside the dialog, so 确认取消 and 暂不取消 stay on screen
      // at the bottom, within thumb reach, however long the preview (styles.css .btp-dialog).
      className="btp-dialog"
      style={{ top: 24, maxWidth: 'calc(100vw - 20px)' }}
      styles={{ body: { maxHeight: 'calc(100dvh - 170px)', overflowY: 'auto' } }}
      maskClosable={!cancel.isPending}
    >
      <Flex vertical gap={14}>
        {request && (
          <Alert
            type="warning"
            showIcon
            title={t('cancel.requestNote', { hours: live.requestSlaHours })}
          />
        )}
        {mode === null && live.blockedText && (
          <Alert type="error" showIcon title={label(live.blockedText)} />
        )}
        {!request && mode !== null && live.withinFreeWindow && order.paidFen > 0 && (
          <Tag color="green" style={{ alignSelf: 'flex-start' }}>
            {t('cancel.freeWindow')}
          </Tag>
        )}

        <section aria-labelledby="cancel-step-1">
          <Typography.Title id="cancel-step-1" level={5} style={{ marginTop: 0 }}>
            {t('cancel.step1')}
          </Typography.Title>
          <Radio.Group
            value={partialAllowed ? scope : 'all'}
            onChange={(e) => setScope(e.target.value as 'all' | 'lines')}
            aria-labelledby="cancel-step-1"
          >
            <Flex vertical gap={6}>
              <Radio value="all">{t('cancel.whole')}</Radio>
              <Radio value="lines" disabled={!partialAllowed}>
                {t('cancel.partial')}
              </Radio>
            </Flex>
          </Radio.Group>
          {kept.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              title={t('cancel.keptLines', { items: kept.join(t('timeline.listSep')) })}
            />
          )}
          {!partialAllowed && options.partialBlockedText && (
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 13 }}>
              {label(options.partialBlockedText)}
            </Typography.Paragraph>
          )}
          {partialAllowed && scope === 'lines' && (
            <Flex vertical gap={8} style={{ marginTop: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('cancel.partialHint')}
              </Typography.Text>
              {order.lines.map((l) => {
                const o = options.lines.find((x) => x.lineId === l.id);
                const title = pick(l.title, l.titleEn);
                const variant = pick(l.variantName, l.variantNameEn);
                const remaining = o?.remaining ?? 0;
                const cancellable = o?.cancellable === true && remaining > 0;
                return (
                  <Flex
                    key={l.id}
                    align="center"
                    justify="space-between"
                    gap={8}
                    style={{ background: '#fafafa', borderRadius: 8, padding: '6px 10px' }}
                  >
                    <Flex vertical style={{ minWidth: 0 }}>
                      <Typography.Text ellipsis>{title}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {variant} ·{' '}
                        {cancellable
                          ? t('cancel.remaining', { count: remaining })
                          : t('cancel.notCancellableLine')}
                      </Typography.Text>
                    </Flex>
                    {cancellable && (
                      <InputNumber
                        aria-label={t('cancel.qtyLabel', { title })}
                        min={0}
                        max={remaining}
                        precision={0}
                        mode="spinner"
                        size="small"
                        value={qty[l.id] ?? 0}
                        onChange={(v) =>
                          setQty((q) => ({
                            ...q,
                            [l.id]: Math.max(0, Math.min(remaining, Math.round(v ?? 0))),
                          }))
                        }
                        style={{ width: 96, flex: '0 0 auto' }}
                      />
                    )}
                  </Flex>
                );
              })}
              {selection === null && (
                <Typography.Text type="warning">{t('cancel.selectSome')}</Typography.Text>
              )}
            </Flex>
          )}
        </section>

        <section aria-labelledby="cancel-step-2">
          <Typography.Title id="cancel-step-2" level={5} style={{ marginTop: 0 }}>
            {t('cancel.step2')}
          </Typography.Title>
          <Radio.Group
            value={reasonCode}
            onChange={(e) => setReasonCode(e.target.value as string)}
            aria-labelledby="cancel-step-2"
            aria-required
          >
            <Flex vertical gap={6}>
              {live.reasons.map((r) => (
                <Radio key={r.code} value={r.code}>
                  {label(r)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
          {reason?.needsText && (
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              <label htmlFor="cancel-reason-text">
                <Typography.Text>
                  <span style={{ color: '#ff4d4f' }}>* </span>
                  {t('cancel.otherText')}
                </Typography.Text>
              </label>
              <Input.TextArea
                id="cancel-reason-text"
                value={reasonText}
                onChange={(e) => setReasonText(e.target.value)}
                placeholder={t('cancel.otherTextPlaceholder')}
                maxLength={REASON_TEXT_MAX}
                showCount
                autoSize={{ minRows: 2, maxRows: 4 }}
                aria-required
                status={textMissing && reasonText !== '' ? 'error' : undefined}
              />
            </Flex>
          )}
          {reason === null && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
              {t('cancel.reasonRequired')}
            </Typography.Text>
          )}
        </section>

        {current.isError && <Alert type="error" showIcon title={errorMessage(current.error)} />}
        {preview && <RefundPreviewCard order={order} preview={preview} loading={stale} />}
        {live.standing.crosses && (
          <Alert
            type="warning"
            showIcon
            title={t(`cancel.standing.${live.standing.crosses}`)}
            description={label(live.standing.text)}
          />
        )}
      </Flex>
    </Modal>
  );
}
