// Alipay's own words as the test: the open platform's "自行实现签名" page gives a request
// (alipay.mobile.public.menu.add) and the exact string to be signed for it. The SDK we sign
// with, and the local Alipay that checks our signatures, must both produce that string.
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { signContent } from '../../../../../tests/support/fake-alipay/sign.js';

const BIZ_CONTENT =
  '{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"},' +
  '{"name":"查询","subButton":[{"actionParam":"ZFB_YECX","actionType":"out","name":"余额查询"},' +
  '{"actionParam":"ZFB_LLCX","actionType":"out","name":"流量查询"},' +
  '{"actionParam":"ZFB_HFCX","actionType":"out","name":"话费查询"}]},' +
  '{"actionParam":"http://m.alipay.com","actionType":"link","name":"最新优惠"}]}';

/** The documented string to be signed, byte for byte. */
const DOCUMENTED =
  `app_id=2014072300007148&biz_content=${BIZ_CONTENT}&charset=GBK` +
  '&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0';

describe('Alipay sign content (documented example)', { timeout: 30_000 }, () => {
  it('the SDK signs exactly the documented string', () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sdk = new AlipaySdk({
      appId: '2014072300007148',
      privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyType: 'PKCS8',
    });
    const query = sdk.sdkExecute(
      'alipay.mobile.public.menu.add',
      {
        charset: 'GBK',
        timestamp: '2014-07-24 03:07:50',
        bizContent: JSON.parse(BIZ_CONTENT) as Record<string, unknown>,
      },
      { bizContentAutoSnakeCase: false },
    );
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(params.biz_content).toBe(BIZ_CONTENT);
    const verified = createVerify('RSA-SHA256')
      .update(DOCUMENTED, 'utf8')
      .verify(keys.publicKey, params.sign!, 'base64');
    expect(verified).toBe(true);
  });

  it('the local Alipay builds the same string from the same request', () => {
    const request = {
      app_id: '2014072300007148',
      method: 'alipay.mobile.public.menu.add',
      charset: 'GBK',
      sign_type: 'RSA2',
      timestamp: '2014-07-24 03:07:50',
      biz_content: BIZ_CONTENT,
      sign: 'e9zEAe4TTQ4LPLQvETPoLGXTiURcxiAKfMVQ6Hrrsx2hmyIEGvSfAQzbLxHrhyZ48wOJXTsD4FPnt+YGdK57+fP1BCbf9rIVycfjhYCqlFhbTu9pFnZgT55W+xbAFb9y7vL0MyAxwXUXvZtQVqEwW7pURtKilbcBTEW7TAxzgro=',
      version: '1.0',
      unused: '',
    };
    expect(signContent(request, ['sign'])).toBe(DOCUMENTED);
  });
});
