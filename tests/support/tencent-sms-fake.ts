import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http, { type ClientRequestArgs } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

// A loopback stand-in for Tencent Cloud SMS (SendSms, 2021-01-11) that checks each request's
// TC3-HMAC-SHA256 signature the way the service does: it rebuilds the canonical request from
// what actually arrived (method, path, query, the signed headers' values, the body's hash),
// derives the signing key from the secret it holds for the SecretId, and compares. It also
// refuses a timestamp more than 5 minutes off, a credential scope for another day or service,
// and a template whose variables do not match.

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** The canonical request: method, path, query, canonical headers, signed headers, body hash. */
export function tc3CanonicalRequest(r: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  body: string | Buffer;
}): string {
  const canonicalHeaders = r.signedHeaders
    .map((h) => `${h}:${(r.headers[h] ?? '').trim().toLowerCase()}\n`)
    .join('');
  return [
    r.method,
    r.path,
    r.query,
    canonicalHeaders,
    r.signedHeaders.join(';'),
    sha256(r.body),
  ].join('\n');
}

export function tc3Signature(
  secretKey: string,
  timestamp: number,
  service: string,
  canonicalRequest: string,
): string {
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(timestamp),
    `${date}/${service}/tc3_request`,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export interface FakeSms {
  phone: string;
  templateId: string;
  params: string[];
  signName: string;
}

export interface TencentSmsFake {
  port: number;
  /** Messages accepted, in order. */
  sent: FakeSms[];
  /** Why requests were refused, in order (the service's error codes). */
  refusals: string[];
  /** While down, every request gets the service's InternalError (an outage). */
  setDown(down: boolean): void;
  /** An http.Agent that sends requests for the service's host here instead. */
  agent(): http.Agent;
  close(): Promise<void>;
}

export const FAKE_HOST = 'sms.tencentcloudapi.com';

export async function startTencentSmsFake(opts: {
  secrets: Record<string, string>;
  sdkAppId: string;
  /** Template id → how many variables it has. */
  templates: Record<string, number>;
}): Promise<TencentSmsFake> {
  const sent: FakeSms[] = [];
  const refusals: string[] = [];
  let down = false;

  const answer = (res: http.ServerResponse, response: Record<string, unknown>) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Response: { ...response, RequestId: `req-${sent.length}` } }));
  };
  const refuse = (res: http.ServerResponse, code: string) => {
    refusals.push(code);
    answer(res, { Error: { Code: code, Message: code } });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (down) return refuse(res, 'InternalError');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const auth =
        /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
          headers['authorization'] ?? '',
        );
      if (!auth) return refuse(res, 'AuthFailure.SignatureFailure');
      const [, secretId, date, service, signed, signature] = auth as unknown as string[];
      const timestamp = Number(headers['x-tc-timestamp']);
      if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
        return refuse(res, 'AuthFailure.SignatureExpire');
      const secret = opts.secrets[secretId!];
      if (!secret) return refuse(res, 'AuthFailure.SecretIdNotFound');
      if (
        service !== 'sms' ||
        date !== new Date(timestamp * 1000).toISOString().slice(0, 10) ||
        headers['host'] !== FAKE_HOST ||
        !signed!.split(';').includes('host') ||
        !signed!.split(';').includes('content-type')
      )
        return refuse(res, 'AuthFailure.SignatureFailure');
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const expected = tc3Signature(
        secret,
        timestamp,
        service,
        tc3CanonicalRequest({
          method: req.method ?? 'POST',
          path,
          query,
          headers,
          signedHeaders: signed!.split(';'),
          body,
        }),
      );
      if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature!)))
        return refuse(res, 'AuthFailure.SignatureFailure');
      if (headers['x-tc-action'] !== 'SendSms' || headers['x-tc-version'] !== '2021-01-11')
        return refuse(res, 'InvalidAction');

      const p = JSON.parse(body.toString('utf8')) as {
        PhoneNumberSet: string[];
        SmsSdkAppId: string;
        TemplateId: string;
        SignName?: string;
        TemplateParamSet?: string[];
      };
      if (p.SmsSdkAppId !== opts.sdkAppId)
        return refuse(res, 'FailedOperation.SmsSdkAppIdVerifyFail');
      const vars = opts.templates[p.TemplateId];
      if (vars === undefined) return refuse(res, 'FailedOperation.TemplateIncorrectOrUnapproved');
      const params = p.TemplateParamSet ?? [];
      if (params.length !== vars)
        return refuse(res, 'InvalidParameterValue.TemplateParameterFormatError');
      const statuses = p.PhoneNumberSet.map((phone) => {
        sent.push({ phone, templateId: p.TemplateId, params, signName: p.SignName ?? '' });
        return {
          SerialNo: `sn-${sent.length}`,
          PhoneNumber: phone,
          Fee: 1,
          Code: 'Ok',
          Message: 'send success',
        };
      });
      answer(res, { SendStatusSet: statuses });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    sent,
    refusals,
    setDown: (d) => (down = d),
    agent() {
      const agent = new http.Agent();
      // Whatever host the URL names, the socket goes to the fake (no name lookup at all).
      agent.createConnection = (_o: ClientRequestArgs): Duplex => net.connect(port, '127.0.0.1');
      return agent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
