// 设置: for operators every operator setting on one page, one section per subject, each saved
// (and audited) on its own — a new subject is one more section component in the list below; for
// merchants their shop's settings (店铺通知设置).
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ReasonsSection } from './settings/ReasonsSection.js';
import {
  ReviewSection,
  StaffRefundSection,
  StandingSection,
  WindowsSection,
} from './settings/sections.js';
import { useUser } from '../api/session.js';
import { RoleGate } from './StaffLayout.js';
import { ShopNoticeSection } from './ShopNoticeSection.js';
import { SupportSettingsSection } from './SupportSettingsSection.js';
import { RetentionSettingsSection } from './RetentionSettingsSection.js';
import { CheckoutChannelsSection } from './CheckoutChannelsSection.js';

function Settings() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('settings.auditedNote')}</Typography.Text>
      <WindowsSection />
      <ReviewSection />
      <StaffRefundSection />
      <StandingSection />
      <ReasonsSection />
      <CheckoutChannelsSection />
      <SupportSettingsSection />
      <RetentionSettingsSection />
    </Flex>
  );
}

function ShopSettings() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('shopNotices.pageTitle')}
      </Typography.Title>
      <ShopNoticeSection />
    </Flex>
  );
}

export function SettingsPage() {
  const user = useUser();
  return (
    <RoleGate roles={['operator', 'merchant']}>
      {user?.role === 'merchant' ? <ShopSettings /> : <Settings />}
    </RoleGate>
  );
}
