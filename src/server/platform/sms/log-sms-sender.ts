import type { Logger } from 'pino';
import { maskMobile, renderSms } from '../../../domain/sms-templates.js';
import type { Db } from '../db/client.js';
import { outgoingMessages } from '../db/schema/index.js';
import type { SmsSender } from './sms-sender.js';

/**
 * The development driver (the default): keeps the text as the phone would show it for the
 * staff 邮箱 page, and logs only the masked number and the template — never the variables,
 * which may be a verification code.
 */
export function createLogSmsSender(db: Db, log: Logger, signName: string): SmsSender {
  return {
    async send({ to, content }) {
      log.info({ to: maskMobile(to), template: content.kind }, 'sms (log driver)');
      await db
        .insert(outgoingMessages)
        .values({ channel: 'sms', recipient: to, body: renderSms(content, signName) });
    },
  };
}
