// A refund's evidence as the shopper and staff see it: image thumbnails that open a large
// preview, PDFs as an icon with their name, each with its size, time and a download link.
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Flex, Image, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvidenceFile } from '../api/evidence.js';
import { fileSizeText, isImage } from './evidence-checks.js';
import { formatDateTime } from './format.js';

const THUMB = 88;

function Thumb({ file }: { file: EvidenceFile }) {
  const { t } = useTranslation();
  if (isImage(file.mime)) {
    return (
      <Image
        src={file.url}
        alt={file.fileName}
        width={THUMB}
        height={THUMB}
        style={{ objectFit: 'cover', borderRadius: 6 }}
        preview={{ mask: t('evidence.preview') }}
      />
    );
  }
  return (
    <a
      href={file.url}
      download={file.fileName}
      aria-label={t('evidence.downloadFile', { name: file.fileName })}
      style={{
        width: THUMB,
        height: THUMB,
        borderRadius: 6,
        background: '#fff1f0',
        color: '#cf1322',
        fontSize: 36,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        flexShrink: 0,
      }}
    >
      <FilePdfOutlined />
    </a>
  );
}

export function EvidenceFiles({ files }: { files: EvidenceFile[] }) {
  const { t } = useTranslation();
  return (
    <Image.PreviewGroup>
      <Flex vertical gap={10} role="list" aria-label={t('evidence.uploaded')}>
        {files.map((f) => (
          <Flex key={f.id} gap={12} align="center" role="listitem" style={{ minWidth: 0 }}>
            <Thumb file={f} />
            <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text strong ellipsis={{ tooltip: f.fileName }}>
                {f.fileName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {isImage(f.mime) ? t('evidence.kindImage') : t('evidence.kindPdf')} ·{' '}
                {fileSizeText(f.sizeBytes)} · {formatDateTime(f.createdAt)}
              </Typography.Text>
              <a href={f.url} download={f.fileName} style={{ fontSize: 13 }}>
                <DownloadOutlined /> {t('evidence.download')}
              </a>
            </Flex>
          </Flex>
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}
