import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  issue,
  merchantPfx,
  unionPayChain,
} from '../../../../../tests/support/fake-unionpay/certs.js';
import {
  checkSignerCertificate,
  parseAnswer,
  readSigningPfx,
  sign01,
  signContent,
  unionPayOrderId,
  verify01,
} from './unionpay-signing.js';

describe('UnionPay signMethod 01', { timeout: 60_000 }, () => {
  it('signs the sorted k=v string of every field but signature', () => {
    const fields = {
      txnAmt: '100',
      orderId: 'A1234567',
      bizType: '000201',
      signature: 'x',
      accessType: '0',
    };
    expect(signContent(fields)).toBe('accessType=0&bizType=000201&orderId=A1234567&txnAmt=100');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signed = { ...fields, signature: sign01(fields, privateKey) };
    expect(verify01(signed, publicKey)).toBe(true);
    expect(verify01({ ...signed, txnAmt: '1' }, publicKey)).toBe(false);
  });

  it('reads answers whose reserved values hold & inside braces', () => {
    expect(parseAnswer('respCode=00&reqReserved={a=1&b=2}&signature=ab+c/d==')).toEqual({
      respCode: '00',
      reqReserved: '{a=1&b=2}',
      signature: 'ab+c/d==',
    });
  });

  it('derives an orderId UnionPay accepts, the same for the same key', () => {
    expect(unionPayOrderId('20261206000000001')).toBe('20261206000000001');
    expect(unionPayOrderId('refund-1-a1')).toBe(unionPayOrderId('refund-1-a1'));
    expect(unionPayOrderId('refund-1-a1')).not.toBe(unionPayOrderId('refund-1-a2'));
    expect(unionPayOrderId('refund-1-a1')).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('opens the merchant PFX: key and decimal certId; a wrong password fails', () => {
    const chain = unionPayChain();
    const m = merchantPfx(chain.middle, 'secret');
    const key = readSigningPfx(m.pfx, 'secret');
    expect(key.certId).toBe(m.certId);
    expect(key.certId).toMatch(/^\d+$/);
    expect(() => readSigningPfx(m.pfx, 'wrong')).toThrow();
  });
});

// Certificates need fresh RSA keys, slow on a busy machine.
describe('UnionPay signing certificate checks', { timeout: 60_000 }, () => {
  const chain = unionPayChain();
  const trusted = {
    middle: new X509Certificate(chain.middle.pem),
    root: new X509Certificate(chain.root.pem),
  };
  const now = new Date();

  it('accepts UnionPay’s signer under the configured chain', () => {
    expect(checkSignerCertificate(chain.signer.pem, trusted, now)).toBeNull();
  });

  it('refuses a signer from another chain, a self-made one, an expired one and a non-UnionPay one', () => {
    expect(checkSignerCertificate(unionPayChain('别家').signer.pem, trusted, now)).toBe(
      'outside_chain',
    );
    const keyOf = chain.signer;
    const selfMade = issue({
      cn: '041@Z1@中国银联股份有限公司@1',
      org: '中国银联股份有限公司',
      ca: false,
      keyOf,
    });
    expect(checkSignerCertificate(selfMade.pem, trusted, now)).toBe('outside_chain');
    const expired = issue({
      cn: '041@Z1@中国银联股份有限公司@1',
      org: 'x',
      ca: false,
      issuer: chain.middle,
      fromDays: -30,
      toDays: -1,
      keyOf,
    });
    expect(checkSignerCertificate(expired.pem, trusted, now)).toBe('expired');
    const shop = issue({ cn: '041@Z1@某商户@1', org: 'x', ca: false, issuer: chain.middle, keyOf });
    expect(checkSignerCertificate(shop.pem, trusted, now)).toBe('not_unionpay');
    // a leaf cannot stand in for the intermediate
    const leafAsMiddle = { ...trusted, middle: new X509Certificate(shop.pem) };
    const underLeaf = issue({
      cn: '041@Z1@中国银联股份有限公司@1',
      org: 'x',
      ca: false,
      issuer: shop,
      keyOf,
    });
    expect(checkSignerCertificate(underLeaf.pem, leafAsMiddle, now)).toBe('outside_chain');
    expect(checkSignerCertificate('not a certificate', trusted, now)).toBe('not_a_certificate');
  });
});
