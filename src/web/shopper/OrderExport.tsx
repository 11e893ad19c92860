// 导出订单材料: the shopper's own dispute bundle (ZIP) for a complaint or a payment dispute.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { disputeBundleUrl } from '../api/ops.js';

export function OrderExportCard({ orderNo }: { orderNo: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('ops.bundle.shopperHelp')}
      </Typography.Paragraph>
      <Button icon={<DownloadOutlined />} href={disputeBundleUrl(orderNo, false)} download block>
        {t('ops.bundle.shopperDownload')}
      </Button>
    </Card>
  );
}
