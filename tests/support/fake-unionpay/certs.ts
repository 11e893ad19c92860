// Certificates made per run for the local UnionPay: a root CA, an intermediate CA and
// UnionPay's signing certificate under it (CN `…@…@中国银联股份有限公司@…`, as UnionPay's
// are), and the merchant's signing certificate with its key in a password-protected PFX.
// Keys come from node:crypto; node-forge builds and signs the certificates and the PFX
// (node:crypto can read X.509 but not write it).
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface Issued {
  pem: string;
  key: KeyObject;
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

function newKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    key: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ),
    forgePublic: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

function subject(cn: string, org: string): forge.pki.CertificateField[] {
  return [
    { name: 'countryName', value: 'CN' },
    {
      name: 'organizationName',
      value: org,
      valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
    },
    {
      name: 'commonName',
      value: cn,
      valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
    },
  ];
}

interface IssueOptions {
  cn: string;
  org: string;
  ca: boolean;
  issuer?: Issued;
  /** Validity relative to now, in days. */
  fromDays?: number;
  toDays?: number;
  /** Reuse this certificate's key pair (key generation is the slow part). */
  keyOf?: Issued;
}

export function issue(opts: IssueOptions): Issued {
  const keys = opts.keyOf
    ? {
        key: opts.keyOf.key,
        forgeKey: opts.keyOf.forgeKey,
        forgePublic: opts.keyOf.forgeCert.publicKey as forge.pki.rsa.PublicKey,
      }
    : newKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() + (opts.fromDays ?? -1) * 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + (opts.toDays ?? 365) * 86_400_000);
  const attrs = subject(opts.cn, opts.org);
  cert.setSubject(attrs);
  cert.setIssuer(opts.issuer ? opts.issuer.forgeCert.subject.attributes : attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: opts.ca, critical: true },
    opts.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(opts.issuer?.forgeKey ?? keys.forgeKey, forge.md.sha256.create());
  return {
    pem: forge.pki.certificateToPem(cert),
    key: keys.key,
    forgeCert: cert,
    forgeKey: keys.forgeKey,
  };
}

export interface UnionPayChain {
  root: Issued;
  middle: Issued;
  signer: Issued;
}

/** A root → intermediate → signing chain; `org` names who runs it. */
export function unionPayChain(org = '中国金融认证中心'): UnionPayChain {
  const root = issue({ cn: 'CFCA ACS TEST OCA31', org, ca: true, toDays: 3650 });
  const middle = issue({
    cn: 'CFCA ACS TEST SM2 OCA33',
    org,
    ca: true,
    issuer: root,
    toDays: 1825,
  });
  const signer = issue({
    cn: '041@Z12400000000@中国银联股份有限公司@00000001',
    org: '中国银联股份有限公司',
    ca: false,
    issuer: middle,
  });
  return { root, middle, signer };
}

/** The merchant's signing certificate and key as the PFX UnionPay issues, and its certId. */
export function merchantPfx(issuer: Issued, password: string) {
  const merchant = issue({
    cn: '041@Z00000000000001@B特派@00000001',
    org: 'B特派',
    ca: false,
    issuer,
  });
  const asn1 = forge.pkcs12.toPkcs12Asn1(merchant.forgeKey, [merchant.forgeCert], password, {
    algorithm: '3des',
  });
  return {
    pfx: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    certPem: merchant.pem,
    certId: BigInt(`0x${merchant.forgeCert.serialNumber}`).toString(10),
  };
}
