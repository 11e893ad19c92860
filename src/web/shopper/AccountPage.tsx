// 我的账户: contact details (where order and cancellation notices go, with verified marks) and the
// account's cancellation standing. There is no GET /me/standing yet: the standing is read from
// the cancellation options of the shopper's latest order, so it shows once there is an order.
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCancellationOptions } from '../api/cancellation.js';
import { useOrders } from '../api/orders.js';
import { useUser } from '../api/session.js';
import { LinkButton } from '../ui/AppLink.js';

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
  const orders = useOrders('all', '');
  const latest = orders.data?.pages[0]?.items[0]?.orderNo ?? '';
  const options = useCancellationOptions(latest, '', latest !== '');
  const standing = options.data?.standing;
  // The window's length is only in the server's sentence ("近 30 天取消 …").
  const days = standing ? /近\s*(\d+)\s*天/.exec(standing.text.zh)?.[1] : undefined;
  return (
    <Card size="small" title={t('account.standing')}>
      {!standing ? (
        <Typography.Text type="secondary">
          {orders.isPending || options.isLoading
            ? t('common.loading')
            : t('account.standingUnavailable')}
        </Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Flex align="center" gap={8} wrap>
            <Typography.Text>
              {days ? t('account.recentCancels', { days }) : t('account.recentCancelsNoDays')}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: 20 }}>
              {standing.count}
            </Typography.Text>
            <Tag color={LEVEL_COLOR[standing.level]}>{t(`account.level.${standing.level}`)}</Tag>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(`account.levelText.${standing.level}`)}
          </Typography.Paragraph>
        </Flex>
      )}
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
