// 我的账户: contact details (where order and cancellation notices go, with verified marks) and the
// account's cancellation standing (GET /me/standing: count in the window, level, thresholds).
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStanding } from '../api/cancellation.js';
import { useUser } from '../api/session.js';
import { LinkButton } from '../ui/AppLink.js';
import { ErrorAlert } from '../ui/feedback.js';
import { useLocalized } from '../ui/format.js';

function Verified({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return ok ? (
    <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineStart: 8 }}>
      {t('account.verified')}
    </Tag>
  ) : (
    <Tag color="warning" icon={<ExclamationCircleFilled />} style={{ marginInlineStart: 8 }}>
      {t('account.unverified')}
    </Tag>
  );
}

const LEVEL_COLOR = { good: 'success', warned: 'warning', review: 'error' } as const;

function Standing() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const standing = useStanding();
  const s = standing.data;
  return (
    <Card size="small" title={t('account.standing')}>
      {standing.isError && (
        <ErrorAlert error={standing.error} onRetry={() => void standing.refetch()} />
      )}
      {standing.isPending ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : s ? (
        <Flex vertical gap={8}>
          <Flex align="center" gap={8} wrap>
            <Typography.Text>{t('account.recentCancels', { days: s.windowDays })}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 20 }}>
              {s.count}
            </Typography.Text>
            <Tag color={LEVEL_COLOR[s.level]}>{t(`account.level.${s.level}`)}</Tag>
          </Flex>
          <Typography.Paragraph style={{ margin: 0 }}>{label(s.text)}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
            {t('account.thresholds', {
              days: s.windowDays,
              warnAt: s.warnAt,
              reviewAt: s.reviewAt,
            })}
            <br />
            {t('account.standingNote')}
          </Typography.Paragraph>
        </Flex>
      ) : null}
    </Card>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (!user) return null;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('account.title')}
      </Typography.Title>
      <Card size="small" title={t('account.contact')}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('account.contactNote')}
        </Typography.Paragraph>
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: 90 } }}
          items={[
            { key: 'name', label: t('account.displayName'), children: user.displayName },
            {
              key: 'email',
              label: t('account.email'),
              children: (
                <span style={{ wordBreak: 'break-all' }}>
                  {user.email}
                  <Verified ok={user.emailVerified} />
                </span>
              ),
            },
            {
              key: 'mobile',
              label: t('account.mobile'),
              children: (
                <span>
                  {user.mobile}
                  <Verified ok={user.mobileVerified} />
                </span>
              ),
            },
          ]}
        />
      </Card>
      <Standing />
      <Flex gap={8} wrap>
        <LinkButton to="/orders">{t('header.orders')}</LinkButton>
      </Flex>
    </Flex>
  );
}
