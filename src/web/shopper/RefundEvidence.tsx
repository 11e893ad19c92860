// 退款凭证 on the refund page: while the refund is under review the shopper can add images or
// PDFs (checked here first for type, size and count; each with its own progress bar), and sees
// what staff asked for. Files already given stay listed, with previews and download links.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Grid, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { uploadEvidence, useEvidence, useEvidenceUploaded } from '../api/evidence.js';
import { EvidenceFiles } from '../ui/EvidenceFiles.js';
import {
  EVIDENCE_ACCEPT,
  EVIDENCE_MAX_FILES,
  evidenceProblem,
  type EvidenceProblem,
} from '../ui/evidence-checks.js';
import { ErrorAlert } from '../ui/feedback.js';
import { formatDateTime } from '../ui/format.js';

const PROBLEM_KEY: Record<EvidenceProblem, string> = {
  type: 'evidence.problemType',
  size: 'evidence.problemSize',
  count: 'evidence.problemCount',
};

export function RefundEvidence({ refund }: { refund: RefundDetail }) {
  const { t } = useTranslation();
  // Phones have nothing to drag from: the box only says what a tap does there.
  const phone = !Grid.useBreakpoint().md;
  const evidence = useEvidence(refund.id);
  const uploaded = useEvidenceUploaded(refund.id);
  const [uploads, setUploads] = useState<UploadFile[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  // Files accepted and not yet finished: counted against the limit before the list catches up.
  const inFlight = useRef(0);
  const files = evidence.data?.items ?? [];
  const open = refund.status === 'pending_review';
  if (!open && files.length === 0) return null;
  const full = files.length >= EVIDENCE_MAX_FILES;

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const problem = evidenceProblem(file, files.length + inFlight.current);
    if (problem) {
      setProblems((p) => [
        ...p,
        t(PROBLEM_KEY[problem], { name: file.name, max: EVIDENCE_MAX_FILES }),
      ]);
      return Upload.LIST_IGNORE;
    }
    inFlight.current += 1;
    return true;
  };

  const customRequest: UploadProps['customRequest'] = ({
    file,
    onProgress,
    onSuccess,
    onError,
  }) => {
    const f = file as File;
    uploadEvidence(refund.id, f, (percent) => onProgress?.({ percent }))
      .then((saved) => {
        onSuccess?.(saved);
        return uploaded();
      })
      .catch((err: unknown) => {
        setProblems((p) => [
          ...p,
          t('evidence.failed', { name: f.name, reason: errorMessage(err) }),
        ]);
        onError?.(err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => {
        inFlight.current -= 1;
      });
  };

  return (
    <Card size="small" title={t('evidence.title')} id="evidence">
      <Flex vertical gap={12}>
        {open && refund.evidenceRequest && (
          <Alert
            type="warning"
            showIcon
            title={t('evidence.requested')}
            description={
              <>
                <div style={{ wordBreak: 'break-word' }}>{refund.evidenceRequest.note}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(refund.evidenceRequest.at)}
                </Typography.Text>
              </>
            }
          />
        )}
        {open && (
          <Upload.Dragger
            accept={EVIDENCE_ACCEPT}
            multiple
            listType="picture"
            fileList={uploads}
            disabled={full}
            beforeUpload={beforeUpload}
            customRequest={customRequest}
            // Finished files move to the list below; failed ones are explained above it.
            onChange={({ fileList }) =>
              setUploads(fileList.filter((f) => f.status !== 'done' && f.status !== 'error'))
            }
            showUploadList={{ showRemoveIcon: false }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {full
                ? t('evidence.full', { max: EVIDENCE_MAX_FILES })
                : phone
                  ? t('evidence.pickPhone')
                  : t('evidence.pick')}
            </p>
            <p className="ant-upload-hint">
              {t('evidence.hint', { count: files.length, max: EVIDENCE_MAX_FILES })}
            </p>
          </Upload.Dragger>
        )}
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('evidence.problemsTitle')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, i) => (
                  <li key={i} style={{ wordBreak: 'break-word' }}>
                    {p}
                  </li>
                ))}
              </ul>
            }
            closable={{ onClose: () => setProblems([]) }}
          />
        )}
        {evidence.isError && (
          <ErrorAlert error={evidence.error} onRetry={() => void evidence.refetch()} />
        )}
        {files.length > 0 ? (
          <EvidenceFiles files={files} />
        ) : (
          !evidence.isPending && (
            <Typography.Text type="secondary">{t('evidence.none')}</Typography.Text>
          )
        )}
      </Flex>
    </Card>
  );
}
