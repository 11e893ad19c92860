// 注册: email and mobile, both verified by a code (获取验证码 sends both, 60 s countdown),
// nickname, password twice. Client checks mirror the server's.
import { Alert, App, Button, Col, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { normaliseEmail, normaliseMobile } from '../../domain/validation.js';
import { errorMessage } from '../api/client.js';
import { useRegister, useRegisterCodes } from '../api/session.js';
import { ErrorAlert } from '../ui/feedback.js';
import { useCountdown } from '../ui/useCountdown.js';
import { codeRule, isEmail, mobileRule, passwordRule } from '../ui/validators.js';
import { AuthCard } from './AuthCard.js';
import { landingFor } from './LoginPage.js';

interface RegisterForm {
  email: string;
  mobile: string;
  emailCode: string;
  smsCode: string;
  displayName: string;
  password: string;
  confirmPassword: string;
}

const RESEND_SECONDS = 60;

export function RegisterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<RegisterForm>();
  const codes = useRegisterCodes();
  const register = useRegister();
  const [left, startCountdown] = useCountdown();

  const sendCodes = async () => {
    try {
      await form.validateFields(['email', 'mobile']);
    } catch {
      void message.warning(t('auth.fillContactFirst'));
      return;
    }
    const email = normaliseEmail(form.getFieldValue('email') as string);
    const mobile = normaliseMobile(form.getFieldValue('mobile') as string);
    codes.mutate(
      { email, mobile },
      {
        onSuccess: () => {
          startCountdown(RESEND_SECONDS);
          void message.success(t('auth.codeSent'));
        },
        onError: (err) => void message.error(errorMessage(err)),
      },
    );
  };

  const onFinish = (v: RegisterForm) => {
    register.mutate(
      {
        email: normaliseEmail(v.email),
        mobile: normaliseMobile(v.mobile),
        password: v.password,
        displayName: v.displayName.trim(),
        emailCode: v.emailCode.trim(),
        smsCode: v.smsCode.trim(),
      },
      {
        onSuccess: ({ user }) => {
          void message.success(t('auth.registered'));
          void navigate(landingFor(user, params.get('redirect') ?? '/'), { replace: true });
        },
      },
    );
  };

  return (
    <AuthCard title={t('auth.registerTitle')}>
      <Alert type="info" showIcon title={t('auth.contactNote')} style={{ marginBottom: 16 }} />
      {register.isError && <ErrorAlert error={register.error} />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[
            {
              validator: (_r, value: unknown) =>
                typeof value === 'string' && isEmail(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.invalidEmail'))),
            },
          ]}
        >
          <Input autoComplete="email" inputMode="email" maxLength={254} />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('auth.mobile')}
          rules={[mobileRule(t('auth.invalidMobile'))]}
        >
          <Input autoComplete="tel" inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item>
          <Button
            block
            onClick={() => void sendCodes()}
            disabled={left > 0}
            loading={codes.isPending}
          >
            {left > 0 ? t('auth.resendIn', { count: left }) : t('auth.getCode')}
          </Button>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="emailCode"
              label={t('auth.emailCode')}
              rules={[codeRule(t('auth.invalidCode'))]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="smsCode"
              label={t('auth.smsCode')}
              rules={[codeRule(t('auth.invalidCode'))]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="displayName"
          label={t('auth.displayName')}
          rules={[
            { required: true, whitespace: true, max: 40, message: t('auth.displayNameRequired') },
          ]}
        >
          <Input autoComplete="nickname" maxLength={40} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[passwordRule(t('auth.invalidPassword'))]}
        >
          <Input.Password autoComplete="new-password" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('auth.passwordMismatch') },
            ({ getFieldValue }) => ({
              validator: (_r, value: unknown) =>
                value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={64} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={register.isPending}>
          {t('auth.register')}
        </Button>
      </Form>
      <Typography.Paragraph
        type="secondary"
        style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}
      >
        {t('auth.haveAccount')}
        <Link to="/login">{t('auth.toLogin')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
