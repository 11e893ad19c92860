/** The fixed demo accounts, listed in the README. All use DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_USERS = [
  {
    email: 'shopper@btepai.test',
    mobile: '13800000001',
    displayName: '小林',
    role: 'shopper',
    shopIndex: null,
  },
  {
    email: 'merchant1@btepai.test',
    mobile: '13800000002',
    displayName: '数码优选客服',
    role: 'merchant',
    shopIndex: 0,
  },
  {
    email: 'merchant2@btepai.test',
    mobile: '13800000003',
    displayName: '山野生活客服',
    role: 'merchant',
    shopIndex: 1,
  },
  {
    email: 'agent@btepai.test',
    mobile: '13800000004',
    displayName: '客服小美',
    role: 'agent',
    shopIndex: null,
  },
  {
    email: 'ops@btepai.test',
    mobile: '13800000005',
    displayName: '平台运营',
    role: 'operator',
    shopIndex: null,
  },
] as const;
