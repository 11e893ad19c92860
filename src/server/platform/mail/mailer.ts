import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outgoingMessages } from '../db/schema/index.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Sends mail over SMTP (production server, or the embedded capture) with nodemailer. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
    close() {
      transport.close();
    },
  };
}

export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

/** SMS adapter for development: logs the text and keeps it for the staff mailbox page. */
export function createLogSmsSender(db: Db, log: Logger): SmsSender {
  return {
    async send(to, text) {
      log.info({ to, text }, 'sms (log driver)');
      await db.insert(outgoingMessages).values({ channel: 'sms', recipient: to, body: text });
    },
  };
}
