import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * Names the message for good: sent again (a worker killed between the server's acceptance and
   * our record of it), it carries the same Message-ID, which mail systems take as one message.
   */
  key?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Sends mail over SMTP (production server, or the embedded capture) with nodemailer. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  const domain = senderDomain(from);
  return {
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        ...(m.key ? { messageId: `<${m.key}@${domain}>` } : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}

/** The domain of the sender's address (`B特派 <no-reply@btepai.test>` → btepai.test). */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}
