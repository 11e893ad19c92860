// WeChat Pay's own words as the test: the signature strings its documentation spells out
// (签名生成 for API requests, 调起支付签名 for the pay sheet) must come out of our builders byte
// for byte. The documented signature values were made with keys that are not published, so the
// signing itself is checked by round trips and against the local WeChat Pay.
import { createCipheriv, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorization,
  checkSignedHeaders,
  decryptResource,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  signatureMessage,
} from './wechatpay-signing.js';

describe('WeChat Pay signature strings (documented examples)', { timeout: 30_000 }, () => {
  it('builds the documented request string for GET /v3/certificates', () => {
    expect(
      requestMessage(
        'GET',
        '/v3/certificates',
        '1554208460',
        '593BEC0C930BF1AFEB40B4A08C8FB242',
        '',
      ),
    ).toBe('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n');
  });

  it('builds the documented request string for a refund query, path kept as sent', () => {
    expect(
      requestMessage(
        'get',
        '/v3/refund/domestic/refunds/123123123123',
        '1554208460',
        '593BEC0C930BF1AFEB40B4A08C8FB242',
        '',
      ),
    ).toBe(
      'GET\n/v3/refund/domestic/refunds/123123123123\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
    );
  });

  it('builds the documented pay-sheet string: four lines, the last one ended too', () => {
    expect(
      signatureMessage([
        'wx8888888888888888',
        '1414561699',
        '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
        'prepay_id=wx201410272009395522657a690389285100',
      ]),
    ).toBe(
      'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
    );
  });

  it('writes the Authorization header in the documented shape', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = authorization({
      mchId: '1900009191',
      serialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      privateKey,
      method: 'GET',
      pathWithQuery: '/v3/certificates',
      body: '',
      timestamp: '1554208460',
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    expect(header).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/=]{344}",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"$/,
    );
    const fields = parseAuthorization(header)!;
    // the signature is over the documented string
    expect(
      createVerify('RSA-SHA256')
        .update('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n')
        .verify(publicKey, fields.signature!, 'base64'),
    ).toBe(true);
  });
});

describe('answers and notifies from WeChat Pay', { timeout: 30_000 }, () => {
  const wechat = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = { publicKey: wechat.publicKey, id: 'PUB_KEY_ID_1' };
  const now = new Date(1_700_000_000_000);
  const signed = (body: string, over: Record<string, string> = {}) => {
    const timestamp = String(now.getTime() / 1000);
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': 'n1',
      'wechatpay-signature': rsaSign(responseMessage(timestamp, 'n1', body), wechat.privateKey),
      'wechatpay-serial': 'PUB_KEY_ID_1',
      ...over,
    };
  };

  it('accepts a signed body and refuses it changed, under another key id, late or probed', () => {
    const body = '{"a":1}';
    expect(checkSignedHeaders(signed(body), body, key, now)).toBeNull();
    expect(checkSignedHeaders(signed(body), '{"a":2}', key, now)).toBe('bad_signature');
    expect(
      checkSignedHeaders(signed(body, { 'wechatpay-serial': 'PUB_KEY_ID_2' }), body, key, now),
    ).toBe('bad_signature');
    expect(checkSignedHeaders(signed(body), body, key, new Date(now.getTime() + 301_000))).toBe(
      'stale',
    );
    expect(
      checkSignedHeaders(
        signed(body, { 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' }),
        body,
        key,
        now,
      ),
    ).toBe('bad_signature');
    expect(checkSignedHeaders({}, body, key, now)).toBe('malformed');
  });

  it('decrypts an AEAD_AES_256_GCM resource and refuses one that was altered', () => {
    const apiV3Key = '0123456789abcdef0123456789abcdef';
    const cipher = createCipheriv(
      'aes-256-gcm',
      Buffer.from(apiV3Key),
      Buffer.from('noncenonce12'),
    );
    cipher.setAAD(Buffer.from('transaction'));
    const data = Buffer.concat([
      cipher.update('{"x":"付款"}', 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const resource = {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: data.toString('base64'),
      associated_data: 'transaction',
      nonce: 'noncenonce12',
    };
    expect(decryptResource(resource, apiV3Key)).toBe('{"x":"付款"}');
    expect(() => decryptResource({ ...resource, associated_data: 'refund' }, apiV3Key)).toThrow();
  });
});
