// 找回密码: send a code to the account's email or mobile, then set a new password.
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.js';
import { usePasswordReset, usePasswordResetCodes } from '../api/session.js';
import { ErrorAlert } from '../ui/feedback.js';
import { useCountdown } from '../ui/useCountdown.js';
import { codeRule, passwordRule } from '../ui/validators.js';
import { AuthCard } from './AuthCard.js';

interface ResetForm {
  account: string;
  code: string;
  newPassword: string;
  confirmPassword: string;
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ResetForm>();
  const codes = usePasswordResetCodes();
  const reset = usePasswordReset();
  const [left, startCountdown] = useCountdown();

  const sendCode = async () => {
    try {
      await form.validateFields(['account']);
    } catch {
      return;
    }
    const account = (form.getFieldValue('account') as string).trim();
    codes.mutate(
      { account },
      {
        onSuccess: () => {
          startCountdown(60);
          void message.success(t('auth.resetCodeSent'));
        },
        onError: (err) => void message.error(errorMessage(err)),
      },
    );
  };

  const onFinish = (v: ResetForm) => {
    reset.mutate(
      { account: v.account.trim(), code: v.code.trim(), newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success(t('auth.resetDone'));
          void navigate('/login', { replace: true });
        },
      },
    );
  };

  return (
    <AuthCard title={t('auth.forgotTitle')}>
      <Alert type="info" showIcon title={t('auth.forgotNote')} style={{ marginBottom: 16 }} />
      {reset.isError && <ErrorAlert error={reset.error} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="account"
          label={t('auth.account')}
          rules={[{ required: true, whitespace: true, min: 3, message: t('auth.accountRequired') }]}
        >
          <Input autoComplete="username" maxLength={254} />
        </Form.Item>
        <Form.Item>
          <Button
            block
            onClick={() => void sendCode()}
            disabled={left > 0}
            loading={codes.isPending}
          >
            {left > 0 ? t('auth.resendIn', { count: left }) : t('auth.getCode')}
          </Button>
        </Form.Item>
        <Form.Item
          name="code"
          label={t('auth.resetCode')}
          rules={[codeRule(t('auth.invalidCode'))]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          rules={[passwordRule(t('auth.invalidPassword'))]}
        >
          <Input.Password autoComplete="new-password" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, value: unknown) =>
                value && value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={64} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={reset.isPending}>
          {t('auth.resetSubmit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        <Link to="/login">{t('auth.toLogin')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
