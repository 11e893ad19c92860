// 我的账户: contact details (where order and cancellation notices go, with verified marks) and the
// account's cancellation standing (GET /me/standing: count in the window, level, thresholds),
// and 通知设置: order notices by email / SMS on or off (in-app and security notices always on).
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Card, Descriptions, Flex, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStanding } from '../api/cancellation.js';
import { errorMessage } from '../api/client.js';
import {
  useNoticePreferences,
  useUpdateNoticePreferences,
  type NoticePreferences,
} from '../api/notices.js';
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

function PreferenceRow({
  id,
  label,
  note,
  checked,
  disabled,
  loading,
  onChange,
}: {
  id: string;
  label: string;
  note: string;
  checked: boolean;
  disabled?: boolean;
  loading?: boolean;
  onChange?: (on: boolean) => void;
}) {
  return (
    <Flex justify="space-between" align="center" gap={12}>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text id={`${id}-label`}>{label}</Typography.Text>
        <Typography.Text
          id={`${id}-note`}
          type="secondary"
          style={{ fontSize: 12, overflowWrap: 'anywhere' }}
        >
          {note}
        </Typography.Text>
      </Flex>
      <Switch
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-note`}
        checked={checked}
        disabled={disabled}
        loading={loading}
        onChange={onChange}
        style={{ flex: '0 0 auto' }}
      />
    </Flex>
  );
}

function NoticeSettings({ email, mobile }: { email: string; mobile: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const prefs = useNoticePreferences();
  const update = useUpdateNoticePreferences();
  const set = (change: Partial<NoticePreferences>) =>
    update.mutate(change, {
      onSuccess: () => void message.success(t('notices.prefs.saved')),
      onError: (err) => void message.error(errorMessage(err)),
    });
  const busy = (key: keyof NoticePreferences) =>
    update.isPending && update.variables[key] !== undefined;
  return (
    <Card size="small" title={t('notices.prefs.title')}>
      {prefs.isError && <ErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('notices.prefs.note')}
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        <PreferenceRow
          id="pref-in-app"
          label={t('notices.prefs.inApp')}
          note={t('notices.prefs.inAppNote')}
          checked
          disabled
        />
        <PreferenceRow
          id="pref-email"
          label={t('notices.prefs.email')}
          note={t('notices.prefs.sendTo', { to: email })}
          checked={prefs.data?.email ?? true}
          disabled={!prefs.data}
          loading={prefs.isPending || busy('email')}
          onChange={(on) => set({ email: on })}
        />
        <PreferenceRow
          id="pref-sms"
          label={t('notices.prefs.sms')}
          note={t('notices.prefs.sendTo', { to: mobile })}
          checked={prefs.data?.sms ?? true}
          disabled={!prefs.data}
          loading={prefs.isPending || busy('sms')}
          onChange={(on) => set({ sms: on })}
        />
        <Alert type="info" showIcon title={t('notices.prefs.security')} />
      </Flex>
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
        {!(user.emailVerified && user.mobileVerified) && (
          <Alert
            type="warning"
            showIcon
            title={t('notices.contactUnverified')}
            description={t('notices.contactHint')}
            style={{ marginBottom: 12 }}
          />
        )}
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
      <NoticeSettings email={user.email} mobile={user.mobile} />
      <Standing />
      <Flex gap={8} wrap>
        <LinkButton to="/orders">{t('header.orders')}</LinkButton>
        <LinkButton to="/coupons">{t('coupons.title')}</LinkButton>
      </Flex>
    </Flex>
  );
}
