// 联系客服: opens (or resumes) a chat about the order when chat is open now; out of service
// hours it leads to 留言 about the order instead. Offline neither can work: it becomes a call
// to the hotline (known from the last visit), or nothing.
import { CustomerServiceOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/client.js';
import { useContact, useOpenChat } from '../api/support.js';
import { useOffline } from '../offline/status.js';

export function ContactSupportButton({ orderNo }: { orderNo?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const contact = useContact();
  const open = useOpenChat();
  const offline = useOffline();
  if (offline) {
    const hotline = contact.data?.hotline;
    return hotline ? (
      <Button icon={<PhoneOutlined />} href={`tel:${hotline.replace(/[^\d+]/g, '')}`}>
        {t('support.callHotline', { hotline })}
      </Button>
    ) : null;
  }
  const go = () => {
    if (contact.data && !contact.data.chatOpenNow) {
      void navigate(`/support/messages${orderNo ? `?order=${orderNo}` : ''}`);
      return;
    }
    open.mutate(orderNo, {
      onSuccess: (chat) => void navigate(`/support/chat/${chat.id}`),
      onError: (err) => void message.error(errorMessage(err)),
    });
  };
  return (
    <Button icon={<CustomerServiceOutlined />} loading={open.isPending} onClick={go}>
      {t('support.contactAgent')}
    </Button>
  );
}
