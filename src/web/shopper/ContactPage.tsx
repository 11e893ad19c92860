// 联系我们: hotline with its hours, support email, official accounts, online chat — each with
// whether it is open now — and 留言 when chat is closed.
import { Alert, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useContact } from '../api/support.js';
import { useUser } from '../api/session.js';
import { Link } from 'react-router';
import { LinkButton } from '../ui/AppLink.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { ContactSupportButton } from '../support/ContactSupportButton.js';
import { hoursLines } from '../support/hours-text.js';

function OpenTag({ open }: { open: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={open ? 'green' : 'default'}>
      {open ? t('support.openNow') : t('support.closedNow')}
    </Tag>
  );
}

export function ContactPage() {
  const { t } = useTranslation();
  const contact = useContact();
  const user = useUser();
  const orderNo = useSearchParams()[0].get('order') ?? undefined;
  if (contact.isPending) return <PageSkeleton rows={6} />;
  if (contact.isError)
    return <ErrorAlert error={contact.error} onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  const shopper = user?.role === 'shopper';
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('support.contactUs')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card
            size="small"
            title={
              <Flex gap={8}>
                {t('support.chat')}
                <OpenTag open={c.chatOpenNow} />
              </Flex>
            }
          >
            <Flex vertical gap={8}>
              {hoursLines(c.chatHours, t).map((l) => (
                <Typography.Text key={l}>{l}</Typography.Text>
              ))}
              {!c.chatOpenNow && (
                <Alert
                  type="info"
                  showIcon
                  title={t('support.chatClosedHint', { hours: c.boardReplyHours })}
                />
              )}
              {shopper ? (
                <Flex gap={8} wrap>
                  {c.chatOpenNow && <ContactSupportButton {...(orderNo ? { orderNo } : {})} />}
                  <LinkButton
                    type={c.chatOpenNow ? 'default' : 'primary'}
                    to={`/support/messages${orderNo ? `?order=${orderNo}` : ''}`}
                  >
                    {t('support.leaveMessage')}
                  </LinkButton>
                </Flex>
              ) : (
                <Link to="/login?redirect=/contact">{t('header.login')}</Link>
              )}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card
            size="small"
            title={
              <Flex gap={8}>
                {t('support.hotline')}
                <OpenTag open={c.hotlineOpenNow} />
              </Flex>
            }
          >
            <Flex vertical gap={4}>
              <Typography.Text strong copyable style={{ fontSize: 18 }}>
                {c.hotline}
              </Typography.Text>
              {hoursLines(c.hotlineHours, t).map((l) => (
                <Typography.Text key={l} type="secondary">
                  {l}
                </Typography.Text>
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('support.email')}>
            <Typography.Link href={`mailto:${c.email}`}>{c.email}</Typography.Link>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('support.social')}>
            <Flex vertical gap={4}>
              {c.social.map((s) => (
                <Typography.Text key={`${s.name}-${s.handle}`}>
                  {s.name}：
                  {s.url ? (
                    <Typography.Link href={s.url} target="_blank" rel="noopener noreferrer">
                      {s.handle}
                    </Typography.Link>
                  ) : (
                    s.handle
                  )}
                </Typography.Text>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
