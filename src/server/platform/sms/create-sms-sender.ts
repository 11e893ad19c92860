import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { createLogSmsSender } from './log-sms-sender.js';
import type { SmsSender } from './sms-sender.js';
import { createTencentSmsSender } from './tencent-sms-sender.js';

/** The SMS driver the configuration names: the log driver unless SMS_PROVIDER says otherwise. */
export function createSmsSender(config: AppConfig, db: Db, log: Logger): SmsSender {
  const { sms } = config;
  if (sms.provider === 'tencent' && sms.tencent)
    return createTencentSmsSender({
      ...sms.tencent,
      signName: sms.signName,
      templateIds: sms.templateIds,
    });
  return createLogSmsSender(db, log, sms.signName);
}
