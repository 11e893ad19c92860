// 申请售后: choose 仅退款 (未收到货 / 快递拦截 / 破损…) or 退货退款, the items and how many of each
// (up to what is still refundable), a reason for that kind (其他 needs words), the deadline, and
// 提交申请. The case then shows on the order detail.
import { Alert, App, Flex, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import {
  useRequestAfterSales,
  type AfterSalesKind,
  type AfterSalesOptions,
} from '../api/after-sales.js';
import { errorMessage } from '../api/client.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { ProductImage } from '../ui/ProductImage.js';

const REASON_TEXT_MAX = 200;
const KINDS: AfterSalesKind[] = ['refund_only', 'return_refund'];

export function AfterSalesDialog({
  order,
  options,
  onClosed,
}: {
  order: OrderDetail;
  options: AfterSalesOptions;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const { pick, label } = useLocalized();
  const { message } = App.useApp();
  const idem = useIdempotencyKey();
  const request = useRequestAfterSales(order.orderNo);
  const [open, setOpen] = useState(true);
  const [kind, setKind] = useState<AfterSalesKind | null>(null);
  // Every refundable unit is chosen to begin with; the shopper lowers what they keep.
  const [qty, setQty] = useState<Record<number, number>>(() =>
    Object.fromEntries(options.lines.map((l) => [l.lineId, l.refundable])),
  );
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [reasonText, setReasonText] = useState('');

  const reasons = kind ? options.reasons.filter((r) => r.kinds.includes(kind)) : [];
  const reason = reasons.find((r) => r.code === reasonCode) ?? null;
  const needsText = reason?.code === 'other';
  const textMissing = needsText && reasonText.trim() === '';
  const lines = order.lines.filter((l) => options.lines.some((o) => o.lineId === l.id));
  const selection = useMemo(
    () =>
      options.lines
        .filter((l) => (qty[l.lineId] ?? 0) > 0)
        .map((l) => ({ lineId: l.lineId, quantity: Math.min(l.refundable, qty[l.lineId] ?? 0) })),
    [options.lines, qty],
  );
  const units = selection.reduce((n, s) => n + s.quantity, 0);
  const canSubmit = kind !== null && selection.length > 0 && reason !== null && !textMissing;

  const submit = async () => {
    if (!canSubmit || kind === null || reason === null) return;
    const body = {
      kind,
      selection,
      reasonCode: reason.code,
      ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}),
    };
    try {
      await request.mutateAsync({ body, key: idem.keyFor(body) });
      idem.reset();
      void message.success(t('afterSales.submitted'));
      setOpen(false);
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <Modal
      open={open}
      title={t('afterSales.apply')}
      onCancel={() => setOpen(false)}
      afterClose={onClosed}
      okText={t('afterSales.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !canSubmit }}
      confirmLoading={request.isPending}
      onOk={() => void submit()}
      // Phone-first, as the cancel dialog: the body scrolls, the actions stay at the bottom.
      className="btp-dialog"
      style={{ top: 24, maxWidth: 'calc(100vw - 20px)' }}
      styles={{ body: { maxHeight: 'calc(100dvh - 170px)', overflowY: 'auto' } }}
      maskClosable={!request.isPending}
    >
      <Flex vertical gap={14}>
        {options.deadline && (
          <Typography.Text type="secondary">
            {t('afterSales.deadline', { time: formatDateTime(options.deadline) })}
          </Typography.Text>
        )}

        <section aria-labelledby="as-step-1">
          <Typography.Title id="as-step-1" level={5} style={{ marginTop: 0 }}>
            {t('afterSales.step1')}
          </Typography.Title>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as AfterSalesKind);
              setReasonCode(null);
            }}
            aria-labelledby="as-step-1"
            aria-required
            style={{ width: '100%' }}
          >
            <Flex vertical gap={8}>
              {KINDS.map((k) => (
                // The card selects too; the radio's name stays 仅退款 / 退货退款, the hint describes it.
                <div
                  key={k}
                  onClick={() => {
                    if (kind !== k) setReasonCode(null);
                    setKind(k);
                  }}
                  style={{
                    border: `1px solid ${kind === k ? '#ff5000' : '#f0f0f0'}`,
                    background: kind === k ? '#fff7f0' : undefined,
                    borderRadius: 8,
                    padding: '8px 10px',
                    cursor: 'pointer',
                  }}
                >
                  <Radio value={k} aria-describedby={`as-kind-${k}`}>
                    <Typography.Text strong>{t(`afterSales.kind.${k}`)}</Typography.Text>
                  </Radio>
                  <Typography.Text
                    id={`as-kind-${k}`}
                    type="secondary"
                    style={{ display: 'block', fontSize: 12, paddingInlineStart: 24 }}
                  >
                    {t(`afterSales.kindHint.${k}`)}
                  </Typography.Text>
                </div>
              ))}
            </Flex>
          </Radio.Group>
        </section>

        <section aria-labelledby="as-step-2">
          <Typography.Title id="as-step-2" level={5} style={{ marginTop: 0 }}>
            {t('afterSales.step2')}
          </Typography.Title>
          <Flex vertical gap={8}>
            {lines.map((l) => {
              const title = pick(l.title, l.titleEn);
              const refundable = options.lines.find((o) => o.lineId === l.id)?.refundable ?? 0;
              return (
                <Flex
                  key={l.id}
                  align="center"
                  gap={8}
                  style={{ background: '#fafafa', borderRadius: 8, padding: '6px 10px' }}
                >
                  <ProductImage src={l.imageUrl} alt="" size={40} />
                  <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                    <Typography.Text ellipsis>{title}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {pick(l.variantName, l.variantNameEn)} ·{' '}
                      {t('afterSales.refundable', { count: refundable })}
                    </Typography.Text>
                  </Flex>
                  <InputNumber
                    aria-label={t('afterSales.qtyLabel', { title })}
                    min={0}
                    max={refundable}
                    precision={0}
                    mode="spinner"
                    size="small"
                    value={qty[l.id] ?? 0}
                    onChange={(v) =>
                      setQty((q) => ({
                        ...q,
                        [l.id]: Math.max(0, Math.min(refundable, Math.round(v ?? 0))),
                      }))
                    }
                    style={{ width: 92, flex: '0 0 auto' }}
                  />
                </Flex>
              );
            })}
            {units === 0 ? (
              <Typography.Text type="warning">{t('afterSales.selectSome')}</Typography.Text>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('afterSales.chosenUnits', { count: units })}
              </Typography.Text>
            )}
          </Flex>
        </section>

        <section aria-labelledby="as-step-3">
          <Typography.Title id="as-step-3" level={5} style={{ marginTop: 0 }}>
            {t('afterSales.step3')}
          </Typography.Title>
          {kind === null ? (
            <Typography.Text type="secondary">{t('afterSales.kindFirst')}</Typography.Text>
          ) : (
            <Radio.Group
              value={reasonCode}
              onChange={(e) => setReasonCode(e.target.value as string)}
              aria-labelledby="as-step-3"
              aria-required
            >
              <Flex vertical gap={6}>
                {reasons.map((r) => (
                  <Radio key={r.code} value={r.code}>
                    {label(r)}
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          )}
          {needsText && (
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              <label htmlFor="as-reason-text">
                <Typography.Text>
                  <span style={{ color: '#ff4d4f' }}>* </span>
                  {t('afterSales.otherText')}
                </Typography.Text>
              </label>
              <Input.TextArea
                id="as-reason-text"
                value={reasonText}
                onChange={(e) => setReasonText(e.target.value)}
                placeholder={t('afterSales.otherTextPlaceholder')}
                maxLength={REASON_TEXT_MAX}
                showCount
                autoSize={{ minRows: 2, maxRows: 4 }}
                aria-required
              />
            </Flex>
          )}
          {!needsText && reason !== null && (
            <Input.TextArea
              aria-label={t('afterSales.optionalText')}
              value={reasonText}
              onChange={(e) => setReasonText(e.target.value)}
              placeholder={t('afterSales.optionalText')}
              maxLength={REASON_TEXT_MAX}
              showCount
              autoSize={{ minRows: 2, maxRows: 4 }}
              style={{ marginTop: 8 }}
            />
          )}
        </section>

        {kind && (
          <Alert
            type="info"
            showIcon
            title={t(`afterSales.next.${kind}`)}
            style={{ fontSize: 13 }}
          />
        )}
      </Flex>
    </Modal>
  );
}
