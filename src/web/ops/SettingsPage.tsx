// 设置 (operators): every operator setting on one page, one section per subject, each saved
// (and audited) on its own. A new subject is one more section component in the list below.
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ReasonsSection } from './settings/ReasonsSection.js';
import { ReviewSection, StandingSection, WindowsSection } from './settings/sections.js';
import { RoleGate } from './StaffLayout.js';
import { SupportSettingsSection } from './SupportSettingsSection.js';

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
      <StandingSection />
      <ReasonsSection />
      <SupportSettingsSection />
    </Flex>
  );
}

export function SettingsPage() {
  return (
    <RoleGate roles={['operator']}>
      <Settings />
    </RoleGate>
  );
}
