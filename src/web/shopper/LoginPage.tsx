// 登录: one account field (email or mobile) and a password. Shoppers return where they came
// from (or 我的订单); staff go to the console.
import { App, Button, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { UserView } from '../../contracts/index.js';
import { useLogin } from '../api/session.js';
import { ErrorAlert } from '../ui/feedback.js';
import { safeRedirect } from '../ui/guards.js';
import { AuthCard } from './AuthCard.js';
import { DEMO_PASSWORD, DemoAccountsHint } from './DemoAccountsHint.js';

export function landingFor(user: UserView, redirect: string | null): string {
  const target = safeRedirect(redirect);
  const toStaff = target?.startsWith('/staff') ?? false;
  if (user.role === 'shopper') return target && !toStaff ? target : '/orders';
  return target && toStaff ? target : '/staff';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const redirect = params.get('redirect');
  const login = useLogin();
  const [form] = Form.useForm<{ account: string; password: string }>();

  const onFinish = (values: { account: string; password: string }) => {
    login.mutate(
      { account: values.account.trim(), password: values.password },
      {
        onSuccess: ({ user }) => {
          void message.success(t('auth.loggedIn'));
          void navigate(landingFor(user, redirect), { replace: true });
        },
      },
    );
  };

  return (
    <AuthCard title={t('auth.loginTitle')}>
      <DemoAccountsHint
        onPick={(account) => form.setFieldsValue({ account, password: DEMO_PASSWORD })}
      />
      {login.isError && <ErrorAlert error={login.error} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="account"
          label={t('auth.account')}
          rules={[{ required: true, whitespace: true, message: t('auth.accountRequired') }]}
        >
          <Input autoComplete="username" size="large" maxLength={254} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" size="large" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t('auth.login')}
        </Button>
      </Form>
      <Flex justify="space-between" style={{ marginTop: 16 }} wrap gap={8}>
        <Typography.Text type="secondary">
          {t('auth.noAccount')}
          <Link to={redirect ? `/register?redirect=${encodeURIComponent(redirect)}` : '/register'}>
            {t('auth.toRegister')}
          </Link>
        </Typography.Text>
        <Link to="/forgot-password">{t('auth.forgot')}</Link>
      </Flex>
    </AuthCard>
  );
}
