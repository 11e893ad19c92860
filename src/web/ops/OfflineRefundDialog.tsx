// 线下退款 (operators): money already returned by cash or bank transfer is recorded with its
// method and reference; the receipt (images or PDF, checked as evidence is) is uploaded to the
// refund once it exists, each file with its progress. A failed upload can be sent again
// without recording the refund twice.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Progress, Radio, Result, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { OFFLINE_REFUND_METHODS } from '../../domain/staff-refund-plan.js';
import { formatYuan } from '../../domain/money.js';
import { errorMessage } from '../api/client.js';
import { uploadEvidence } from '../api/evidence.js';
import { useIdempotencyKey } from '../api/idempotency.js';
import {
  useOfflineRefund,
  useReceiptUploaded,
  type OfflineBody,
  type OfflineMethod,
  type StaffRefundOptions,
} from '../api/staff-refunds.js';
import {
  EVIDENCE_ACCEPT,
  EVIDENCE_MAX_FILES,
  evidenceProblem,
  type EvidenceProblem,
} from '../ui/evidence-checks.js';
import { useLocalized } from '../ui/format.js';
import { RefundAmountField, yuanToFen } from './RefundAmountField.js';

type Values = { amountYuan: number; method: OfflineMethod; reference: string; note?: string };

const PROBLEM_KEY: Record<EvidenceProblem, string> = {
  type: 'evidence.problemType',
  size: 'evidence.problemSize',
  count: 'evidence.problemCount',
};

/** One receipt file on its way: percent, or the reason it did not arrive. */
type Sent = { file: File; percent: number; error: string | null };

export function OfflineRefundDialog({
  open,
  onClose,
  orderNo,
  options,
}: {
  open: boolean;
  onClose: () => void;
  orderNo: string;
  options: StaffRefundOptions;
}) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const [form] = Form.useForm<Values>();
  const record = useOfflineRefund(orderNo);
  const uploaded = useReceiptUploaded(orderNo);
  const idem = useIdempotencyKey();
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<RefundDetail | null>(null);
  const [sent, setSent] = useState<Sent[]>([]);

  const close = () => {
    setDone(null);
    setFiles([]);
    setSent([]);
    setProblems([]);
    record.reset();
    onClose();
  };

  const upload = async (refundId: number, list: File[]) => {
    setSent((s) => [
      ...s.filter((x) => !list.includes(x.file)),
      ...list.map((file) => ({ file, percent: 0, error: null })),
    ]);
    const update = (file: File, patch: Partial<Sent>) =>
      setSent((s) => s.map((x) => (x.file === file ? { ...x, ...patch } : x)));
    // One after another: a receipt is a few files, and the server counts them under a lock.
    for (const file of list) {
      try {
        await uploadEvidence(refundId, file, (percent) => update(file, { percent }));
        update(file, { percent: 100 });
      } catch (err) {
        update(file, { error: errorMessage(err) });
      }
    }
    await uploaded();
  };

  const submit = (v: Values) => {
    const note = v.note?.trim();
    const body: OfflineBody = {
      amountFen: yuanToFen(v.amountYuan),
      method: v.method,
      reference: v.reference.trim(),
      ...(note ? { note } : {}),
    };
    record.mutate(
      { body, key: idem.keyFor(body) },
      {
        onSuccess: (refund) => {
          idem.reset();
          setDone(refund);
          if (files.length > 0) void upload(refund.id, files);
        },
      },
    );
  };

  const beforeUpload = (file: File) => {
    const problem = evidenceProblem(file, files.length);
    if (problem) {
      setProblems((p) => [
        ...p,
        t(PROBLEM_KEY[problem], { name: file.name, max: EVIDENCE_MAX_FILES }),
      ]);
    } else {
      setFiles((f) => [...f, file]);
    }
    // Held here and sent after the refund is recorded: the receipt belongs to that refund.
    return false;
  };
  const fileList: UploadFile[] = files.map((f, i) => ({
    uid: `${i}-${f.name}`,
    name: f.name,
    status: 'done',
  }));

  const failed = sent.filter((s) => s.error !== null);
  const uploading = sent.some((s) => s.error === null && s.percent < 100);

  return (
    <Modal
      open={open}
      title={t('staffRefund.offlineTitle', { orderNo })}
      onCancel={close}
      destroyOnHidden
      footer={
        done
          ? [
              <Button key="done" type="primary" onClick={close} disabled={uploading}>
                {t('staffRefund.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                loading={record.isPending}
                onClick={() => form.submit()}
              >
                {t('staffRefund.offlineSubmit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Flex vertical gap={8}>
          <Result
            status="success"
            title={t('staffRefund.offlineDone')}
            subTitle={t('staffRefund.offlineDoneNote', {
              amount: formatYuan(done.amountFen),
              method: t(`refund.offlineMethod.${done.offlineMethod ?? 'cash'}`),
            })}
          />
          {sent.map((s) => (
            <Flex key={s.file.name} vertical gap={0}>
              <span>{s.file.name}</span>
              {s.error ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('staffRefund.receiptFailed', { reason: s.error })}
                />
              ) : (
                <Progress
                  percent={s.percent}
                  size="small"
                  aria-label={t('staffRefund.receiptProgress', { name: s.file.name })}
                />
              )}
            </Flex>
          ))}
          {sent.length > 0 && !uploading && failed.length === 0 && (
            <Alert type="success" showIcon title={t('staffRefund.receiptSaved')} />
          )}
          {failed.length > 0 && !uploading && (
            <Button
              onClick={() =>
                void upload(
                  done.id,
                  failed.map((s) => s.file),
                )
              }
            >
              {t('staffRefund.receiptRetry')}
            </Button>
          )}
        </Flex>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          initialValues={{ method: 'bank_transfer' }}
        >
          <Alert type="info" showIcon title={t('staffRefund.offlineNote')} />
          <div style={{ height: 12 }} />
          <RefundAmountField refundableFen={options.refundableFen} />
          <Form.Item name="method" label={t('staffRefund.method')}>
            <Radio.Group
              options={OFFLINE_REFUND_METHODS.map((m) => ({ value: m.code, label: label(m) }))}
            />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('staffRefund.reference')}
            extra={t('staffRefund.referenceHelp')}
            rules={[
              {
                required: true,
                whitespace: true,
                max: 100,
                message: t('staffRefund.referenceRequired'),
              },
            ]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="note" label={t('staffRefund.note')}>
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
          <Form.Item label={t('staffRefund.receipt')} extra={t('staffRefund.receiptHelp')}>
            <Upload
              accept={EVIDENCE_ACCEPT}
              multiple
              fileList={fileList}
              beforeUpload={beforeUpload}
              onRemove={(f) =>
                setFiles((list) => list.filter((x, i) => `${i}-${x.name}` !== f.uid))
              }
            >
              <Button icon={<UploadOutlined />}>{t('staffRefund.receiptPick')}</Button>
            </Upload>
          </Form.Item>
          {problems.map((p) => (
            <Alert key={p} type="warning" showIcon title={p} style={{ marginBottom: 8 }} />
          ))}
          {record.isError && <Alert type="error" showIcon title={errorMessage(record.error)} />}
        </Form>
      )}
    </Modal>
  );
}
