import type { Agent } from 'node:http';
import tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import type { TencentSmsConfig } from '../config.js';
import type { SmsSender } from './sms-sender.js';

const SmsClient = tencentcloud.sms.v20210111.Client;

/** The service refused the message (its code says why, e.g. a template not approved). */
export class SmsRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`SMS refused: ${code} ${message}`);
  }
}

/**
 * Tencent Cloud SMS (短信 SendSms, API 2021-01-11) through its official SDK, which signs each
 * request with TC3-HMAC-SHA256. `templateIds` maps our template kinds to the ids the service
 * approved; the variables go as TemplateParamSet in the template's order.
 */
export function createTencentSmsSender(
  config: TencentSmsConfig & { signName: string; templateIds: Record<string, string> },
  opts: {
    /** Tests route the service's host to a loopback fake; plain HTTP then. */
    agent?: Agent;
    timeoutSeconds?: number;
  } = {},
): SmsSender {
  const client = new SmsClient({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: {
      httpProfile: {
        endpoint: config.endpoint,
        reqTimeout: opts.timeoutSeconds ?? 10,
        ...(opts.agent ? { agent: opts.agent, protocol: 'http://' } : {}),
      },
    },
  });
  return {
    async send({ to, content }) {
      const templateId = config.templateIds[content.kind];
      if (!templateId)
        throw new SmsRefusedError('NoTemplateId', `no template id for ${content.kind}`);
      const res = await client.SendSms({
        PhoneNumberSet: [`+86${to.replace(/^\+86/, '')}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: templateId,
        TemplateParamSet: content.params,
      });
      const status = res.SendStatusSet?.[0];
      if (status?.Code !== 'Ok')
        throw new SmsRefusedError(status?.Code ?? 'NoStatus', status?.Message ?? 'no send status');
    },
  };
}
