// 凭证 in 退款审核: the shopper's evidence for one refund (previews and downloads), and, while
// the refund is under review, 要求补充凭证 with a note the shopper will see.
import { PaperClipOutlined } from '@ant-design/icons';
import { App, Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useEvidence, useRequestEvidence } from '../api/evidence.js';
import { EvidenceFiles } from '../ui/EvidenceFiles.js';
import { ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';

function EvidenceBody({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const evidence = useEvidence(refund.id);
  const request = useRequestEvidence();
  const [form] = Form.useForm<{ note: string }>();
  const files = evidence.data?.items ?? [];

  const send = async () => {
    const { note } = await form.validateFields();
    try {
      await request.mutateAsync({ refund, note: note.trim() });
      void message.success(t('evidence.requestSent'));
      form.resetFields();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  return (
    <Flex vertical gap={12}>
      {refund.evidenceRequest && (
        <Alert
          type="info"
          showIcon
          title={t('evidence.staffRequestedAt', {
            at: formatDateTime(refund.evidenceRequest.at),
            note: refund.evidenceRequest.note,
          })}
        />
      )}
      {evidence.isError && (
        <ErrorAlert error={evidence.error} onRetry={() => void evidence.refetch()} />
      )}
      {files.length > 0 ? (
        <EvidenceFiles files={files} />
      ) : (
        !evidence.isPending && (
          <Typography.Text type="secondary">{t('evidence.staffNone')}</Typography.Text>
        )
      )}
      {refund.status === 'pending_review' && (
        <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 8 }}>
          <Form.Item
            name="note"
            label={t('evidence.requestLabel')}
            extra={t('evidence.requestHelp')}
            rules={[
              { required: true, whitespace: true, message: t('evidence.requestRequired') },
              { min: 2, max: 300, message: t('evidence.requestRequired') },
            ]}
          >
            <Input.TextArea
              maxLength={300}
              showCount
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('evidence.requestPlaceholder')}
            />
          </Form.Item>
          <Button onClick={() => void send().catch(() => undefined)} loading={request.isPending}>
            {t('evidence.requestSend')}
          </Button>
        </Form>
      )}
    </Flex>
  );
}

export function RefundEvidenceButton({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<PaperClipOutlined />} onClick={() => setOpen(true)}>
        {t('evidence.staffOpen')}
      </Button>
      <Modal
        open={open}
        title={t('evidence.staffTitle', { orderNo: refund.orderNo })}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        style={{ maxWidth: 'calc(100vw - 20px)' }}
      >
        <EvidenceBody refund={refund} />
      </Modal>
    </>
  );
}
